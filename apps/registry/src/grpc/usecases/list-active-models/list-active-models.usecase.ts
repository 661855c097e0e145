import { Injectable } from '@nestjs/common';
import { type ActiveModel, type ListActiveModelsResponse } from '@model-garden/contracts';
import { decodeCursor, encodeCursor, invalidCursor } from '../../../shared/cursor.util';
import { ModelRepository } from '../../../models/model.repository';
import { isUuid } from '../../../shared/pg-errors.util';
import { type ListActiveModelsCommand } from './list-active-models.command';

const DEFAULT_PAGE_SIZE = 500;
const MAX_PAGE_SIZE = 1_000;

/** Private models in service (`active`, `degraded`) across workspaces, by id, for the validator's health checks. No credentials. */
@Injectable()
export class ListActiveModelsUseCase {
  constructor(private readonly models: ModelRepository) {}

  async execute(command: ListActiveModelsCommand): Promise<ListActiveModelsResponse> {
    const size = Math.min(command.pageSize || DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE);
    let after = '00000000-0000-0000-0000-000000000000';
    if (command.pageToken) {
      const token = decodeCursor(command.pageToken, ['after'])['after']!;
      if (!isUuid(token)) throw invalidCursor();
      after = token;
    }
    const rows = await this.models.listInService(after, size + 1);
    const page = rows.slice(0, size);
    const models: ActiveModel[] = page.map((r) => ({ id: r.id, workspaceId: r.workspaceId, revision: r.revision, type: r.type, status: r.status }));
    return { models, nextPageToken: rows.length > size ? encodeCursor({ after: page[page.length - 1]!.id }) : '' };
  }
}
