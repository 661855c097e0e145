import { Injectable } from '@nestjs/common';
import { DEPLOYMENT_LIMITS, type DeploymentView, type VariantInput } from '@model-garden/contracts';
import { DataSource } from 'typeorm';
import { toDeploymentView } from '../../deployment.mapper';
import { DeploymentModels } from '../../deployment-models.service';
import { DeploymentPublisher } from '../../deployment-publisher.service';
import { DeploymentRepository } from '../../deployment.repository';
import { type RestoreDeploymentVersionCommand } from './restore-deployment-version.command';

/**
 * Publishes a copy of an old version as the newest one (history is never rewritten).
 * The copy is checked like any publish, against the models as they are now: a model
 * deleted since, or found lacking a capability, refuses the restore with a 422.
 */
@Injectable()
export class RestoreDeploymentVersionUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly deployments: DeploymentRepository,
    private readonly models: DeploymentModels,
    private readonly publisher: DeploymentPublisher,
  ) {}

  async execute(command: RestoreDeploymentVersionCommand): Promise<DeploymentView> {
    const { auth } = command;
    return this.dataSource.transaction(async (manager) => {
      const deployment = await this.deployments.getByKey(auth.workspaceId, command.key, manager, true);
      const old = await this.deployments.getVersion(deployment, command.version, manager);
      // Re-resolve by pinned id: the same models, checked as they are today.
      const inputs: VariantInput[] = old.config.variants.map((variant) => ({
        key: variant.key,
        model: variant.model.id,
        messages: variant.messages,
        variables: variant.variables,
        parameters: variant.parameters,
        fallbacks: variant.fallbacks.map((fallback) => ({ model: fallback.model.id })),
        ...(variant.retry ? { retry: variant.retry } : {}),
        ...(variant.timeout ? { timeout: variant.timeout } : {}),
      }));
      const { views, modelIds } = await this.models.check(auth, inputs, manager);
      const config = { variants: views, routing: old.config.routing, cache: old.config.cache ?? null };
      const note = command.input.note ?? `Restored from version ${old.version}${old.note ? `: ${old.note}` : ''}`.slice(0, DEPLOYMENT_LIMITS.noteChars);
      const version = await this.publisher.publish(manager, auth, deployment, { config, modelIds, note, restoredFrom: old.version }, false);
      const [health] = await this.models.health(auth, [config]);
      return toDeploymentView(deployment, version, health!);
    });
  }
}
