import { Injectable } from '@nestjs/common';
import { type RunListPage } from '@model-garden/contracts';
import { decodeCursor, encodeCursor, invalidCursor } from '../../../shared/cursor.util';
import { toRunView } from '../../experiment.mapper';
import { ExperimentRepository } from '../../experiment.repository';
import { type ListRunsCommand } from './list-runs.command';
import { RunRepository } from '../../run.repository';

/** The experiment's runs, newest first. */
@Injectable()
export class ListRunsUseCase {
  constructor(
    private readonly experiments: ExperimentRepository,
    private readonly runs: RunRepository,
  ) {}

  async execute(command: ListRunsCommand): Promise<RunListPage> {
    const experiment = await this.experiments.getInWorkspace(command.auth.workspaceId, command.experimentId);
    const limit = command.query.limit ?? 50;
    let before: number | undefined;
    if (command.query.cursor) {
      before = Number(decodeCursor(command.query.cursor, ['number'])['number']);
      if (!Number.isInteger(before)) throw invalidCursor();
    }
    const rows = await this.runs.runsPage(experiment.id, limit + 1, before);
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return { data: page.map(toRunView), nextCursor: rows.length > limit && last ? encodeCursor({ number: String(last.number) }) : null };
  }
}
