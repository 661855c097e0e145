import { Injectable } from '@nestjs/common';
import { type DeploymentListPage } from '@model-garden/contracts';
import { decodeCursor, encodeCursor, invalidCursor } from '../../../shared/cursor.util';
import { toSummaryView } from '../../deployment.mapper';
import { DeploymentModels } from '../../deployment-models.service';
import { DeploymentRepository } from '../../deployment.repository';
import { type ListDeploymentsCommand } from './list-deployments.command';

/** The workspace's deployments, newest first, with their current variants and health; cursor pagination. */
@Injectable()
export class ListDeploymentsUseCase {
  constructor(
    private readonly deployments: DeploymentRepository,
    private readonly models: DeploymentModels,
  ) {}

  async execute(command: ListDeploymentsCommand): Promise<DeploymentListPage> {
    let after: { createdAt: Date; id: string } | undefined;
    if (command.cursor !== undefined) {
      const cursor = decodeCursor(command.cursor, ['createdAt', 'id']);
      const createdAt = new Date(cursor['createdAt']!);
      if (Number.isNaN(createdAt.getTime())) throw invalidCursor();
      after = { createdAt, id: cursor['id']! };
    }
    const page = await this.deployments.page(command.auth.workspaceId, command.limit, { after });
    const current = await this.deployments.currentVersions(page.rows);
    const health = await this.models.health(command.auth, current.map((c) => c.version.config));
    const last = page.rows[page.rows.length - 1];
    return {
      data: current.map((c, i) => toSummaryView(c.deployment, c.version, health[i]!)),
      nextCursor: page.more && last ? encodeCursor({ createdAt: last.createdAt.toISOString(), id: last.id }) : null,
    };
  }
}
