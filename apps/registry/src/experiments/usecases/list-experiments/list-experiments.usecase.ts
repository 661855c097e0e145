import { Injectable } from '@nestjs/common';
import { type ExperimentListPage } from '@model-garden/contracts';
import { decodeCursor, encodeCursor } from '../../../shared/cursor.util';
import { toExperimentView } from '../../experiment.mapper';
import { ExperimentRepository } from '../../experiment.repository';
import { type ListExperimentsCommand } from './list-experiments.command';

/** The workspace's experiments, newest first, by cursor. */
@Injectable()
export class ListExperimentsUseCase {
  constructor(
    private readonly experiments: ExperimentRepository,
  ) {}

  async execute(command: ListExperimentsCommand): Promise<ExperimentListPage> {
    const limit = command.query.limit ?? 50;
    const after = command.query.cursor ? decodeCursor(command.query.cursor, ['createdAt', 'id']) : undefined;
    const rows = await this.experiments.page(command.auth.workspaceId, limit + 1, after ? { createdAt: after['createdAt']!, id: after['id']! } : undefined);
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return { data: page.map(toExperimentView), nextCursor: rows.length > limit && last ? encodeCursor({ createdAt: new Date(last.createdAt).toISOString(), id: last.id }) : null };
  }
}
