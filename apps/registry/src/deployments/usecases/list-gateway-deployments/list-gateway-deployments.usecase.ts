import { Injectable } from '@nestjs/common';
import { type ListDeploymentsResponse } from '@model-garden/contracts';
import { isUuid } from '../../../shared/pg-errors.util';
import { RegistryException } from '../../../shared/registry.exception';
import { toResolvedDeployment } from '../../deployment.mapper';
import { DeploymentRepository } from '../../deployment.repository';
import { type ListGatewayDeploymentsCommand } from './list-gateway-deployments.command';

const DEFAULT_LIMIT = 10;

/**
 * A page of a workspace's deployments with their current versions, newest first,
 * after `startingAfter` or before `endingBefore` (deployment ids of this workspace).
 */
@Injectable()
export class ListGatewayDeploymentsUseCase {
  constructor(private readonly deployments: DeploymentRepository) {}

  async execute(command: ListGatewayDeploymentsCommand): Promise<ListDeploymentsResponse> {
    if (command.startingAfter !== '' && command.endingBefore !== '') {
      throw RegistryException.field('ending_before', 'Pass starting_after or ending_before, not both.');
    }
    const limit = command.limit === 0 ? DEFAULT_LIMIT : command.limit;
    const position = async (id: string, field: string): Promise<{ createdAt: Date; id: string }> => {
      const anchor = isUuid(id) ? await this.deployments.findById(command.workspaceId, id) : null;
      if (!anchor) throw RegistryException.field(field, `${field} must be the id of a deployment of this workspace (from a previous page).`);
      return { createdAt: anchor.createdAt, id: anchor.id };
    };
    const page = await this.deployments.page(command.workspaceId, limit, {
      ...(command.startingAfter !== '' ? { after: await position(command.startingAfter, 'starting_after') } : {}),
      ...(command.endingBefore !== '' ? { before: await position(command.endingBefore, 'ending_before') } : {}),
    });
    const current = await this.deployments.currentVersions(page.rows);
    return { deployments: current.map((c) => toResolvedDeployment(c.deployment, c.version)), hasMore: page.more };
  }
}
