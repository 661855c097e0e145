import { Injectable } from '@nestjs/common';
import { type DeploymentVersionListPage } from '@model-garden/contracts';
import { decodeCursor, encodeCursor, invalidCursor } from '../../../shared/cursor.util';
import { toVersionSummary } from '../../deployment.mapper';
import { DeploymentRepository } from '../../deployment.repository';
import { type ListDeploymentVersionsCommand } from './list-deployment-versions.command';

/** A deployment's versions, newest first (who published each, when, with which note). */
@Injectable()
export class ListDeploymentVersionsUseCase {
  constructor(private readonly deployments: DeploymentRepository) {}

  async execute(command: ListDeploymentVersionsCommand): Promise<DeploymentVersionListPage> {
    const deployment = await this.deployments.getByKey(command.auth.workspaceId, command.key);
    let before: number | undefined;
    if (command.cursor !== undefined) {
      before = Number(decodeCursor(command.cursor, ['before'])['before']);
      if (!Number.isInteger(before) || before < 1) throw invalidCursor();
    }
    const page = await this.deployments.versionPage(deployment, command.limit, before);
    const last = page.rows[page.rows.length - 1];
    return {
      data: page.rows.map((row) => toVersionSummary(row, deployment.currentVersion)),
      nextCursor: page.more && last ? encodeCursor({ before: String(last.version) }) : null,
    };
  }
}
