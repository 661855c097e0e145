import { Injectable } from '@nestjs/common';
import { type ActiveModel, type ListActiveModelsResponse } from '@model-garden/contracts';
import { DataSource } from 'typeorm';
import { decodeCursor, encodeCursor, invalidCursor } from '../../../shared/cursor.util';
import { isUuid } from '../../../shared/pg-errors.util';
import { type ListActiveModelsCommand } from '../../grpc-commands';

const DEFAULT_PAGE_SIZE = 500;
const MAX_PAGE_SIZE = 1_000;

interface Row {
  id: string;
  workspace_id: string;
  revision: number;
  type: string;
  status: string;
}

/** Private models in service (`active`, `degraded`) across workspaces, by id, for the validator's health checks. No credentials. */
@Injectable()
export class ListActiveModelsUseCase {
  constructor(private readonly dataSource: DataSource) {}

  async execute(command: ListActiveModelsCommand): Promise<ListActiveModelsResponse> {
    const size = Math.min(command.pageSize || DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE);
    let after = '00000000-0000-0000-0000-000000000000';
    if (command.pageToken) {
      const token = decodeCursor(command.pageToken, ['after'])['after']!;
      if (!isUuid(token)) throw invalidCursor();
      after = token;
    }
    const rows: Row[] = await this.dataSource.query(
      `SELECT id, workspace_id, revision, type, status FROM models
        WHERE status IN ('active', 'degraded') AND id > $1 ORDER BY id LIMIT $2`,
      [after, size + 1],
    );
    const page = rows.slice(0, size);
    const models: ActiveModel[] = page.map((r) => ({ id: r.id, workspaceId: r.workspace_id, revision: r.revision, type: r.type, status: r.status }));
    return { models, nextPageToken: rows.length > size ? encodeCursor({ after: page[page.length - 1]!.id }) : '' };
  }
}
