import { Injectable } from '@nestjs/common';
import { type CurrentWorkspaceView, describeRegions, effectiveRegions, EVENT_TYPES, regionsOutside, TOPICS, type WorkspaceRegionsChangedData } from '@model-garden/contracts';
import { DataSource } from 'typeorm';
import { RegistryConfig } from '../../../config/registry.config';
import { OutboxService } from '../../../outbox/outbox.service';
import { RegistryException } from '../../../shared/registry.exception';
import { WorkspaceEntity } from '../../workspace.entity';
import { toCurrentWorkspaceView } from '../../workspace.mapper';
import { type SetAllowedRegionsCommand } from './set-allowed-regions.command';

/**
 * Sets the regions whose models the workspace may use (null: every region), and tells
 * every gateway through WorkspaceRegionsChanged (same transaction, outbox) so they drop
 * the workspace's cached keys at once. A key limited to some regions cannot widen the
 * workspace beyond them (422 naming allowedRegions): a key never does more than it may.
 * Existing deployments and experiments are not rewritten: a model now outside the policy
 * is refused at the gateway when it is called.
 */
@Injectable()
export class SetAllowedRegionsUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: OutboxService,
    private readonly config: RegistryConfig,
  ) {}

  async execute({ auth, input }: SetAllowedRegionsCommand): Promise<CurrentWorkspaceView> {
    const wanted = input.allowedRegions ? [...new Set(input.allowedRegions)] : null;
    if (auth.keyRegions) {
      const outside = wanted ? regionsOutside(wanted, auth.keyRegions) : [];
      if (!wanted || outside.length > 0) {
        const named = wanted ? describeRegions(outside) : 'every region';
        throw RegistryException.regionNotAllowed([
          {
            field: 'allowedRegions',
            message: `This API key may only use ${describeRegions(auth.keyRegions)}, so it cannot allow ${named} for the workspace. Name only ${describeRegions(auth.keyRegions)}, or use a key without its own allowedRegions.`,
          },
        ]);
      }
    }
    const workspace = await this.dataSource.transaction(async (manager) => {
      const row = await manager.findOne(WorkspaceEntity, { where: { id: auth.workspaceId }, lock: { mode: 'pessimistic_write' } });
      if (!row) throw RegistryException.notFound('workspace');
      row.allowedRegions = wanted;
      const saved = await manager.save(row);
      const data: WorkspaceRegionsChangedData = { workspaceId: row.id, allowedRegions: wanted };
      await this.outbox.append(manager, TOPICS.apiKeys, EVENT_TYPES.workspaceRegionsChanged, row.id, data);
      return saved;
    });
    return toCurrentWorkspaceView(workspace, { ...auth, allowedRegions: effectiveRegions(wanted, auth.keyRegions) }, this.config.PUBLIC_MODELS_ACCESS_DEFAULT);
  }
}
