import { Injectable } from '@nestjs/common';
import { type DeploymentConfig, EVENT_TYPES, TOPICS } from '@model-garden/contracts';
import { type EntityManager } from 'typeorm';
import { type AuthContext } from '../auth/auth-context';
import { OutboxService } from '../outbox/outbox.service';
import { DeploymentVersionEntity } from './deployment-version.entity';
import { DeploymentEntity } from './deployment.entity';
import { publishedData } from './deployment.mapper';

/**
 * Makes a new version current inside the caller's transaction: inserts the immutable
 * version, points the deployment at it and writes DeploymentPublished to the outbox,
 * so the version, the pointer and the event exist together or not at all.
 */
@Injectable()
export class DeploymentPublisher {
  constructor(private readonly outbox: OutboxService) {}

  async publish(
    manager: EntityManager,
    auth: AuthContext,
    deployment: DeploymentEntity,
    content: { config: DeploymentConfig; modelIds: string[]; note: string | null; restoredFrom: number | null },
    isNew: boolean,
  ): Promise<DeploymentVersionEntity> {
    const now = new Date();
    const version: DeploymentVersionEntity = Object.assign(new DeploymentVersionEntity(), {
      deploymentId: deployment.id,
      version: isNew ? 1 : deployment.currentVersion + 1,
      config: content.config,
      modelIds: content.modelIds,
      note: content.note,
      publishedBy: auth.apiKeyId,
      publishedAt: now,
      restoredFrom: content.restoredFrom,
    } satisfies DeploymentVersionEntity);
    deployment.currentVersion = version.version;
    deployment.updatedAt = now;
    if (isNew) {
      await manager.insert(DeploymentEntity, deployment);
    } else {
      await manager.update(DeploymentEntity, { id: deployment.id }, { currentVersion: deployment.currentVersion, updatedAt: now, description: deployment.description });
    }
    // TypeORM's deep-partial type cannot follow free-form JSON (tool schemas); the row is whole.
    await manager.insert(DeploymentVersionEntity, { ...version, config: version.config as never });
    await this.outbox.append(manager, TOPICS.deployments, EVENT_TYPES.deploymentPublished, deployment.id, publishedData(deployment, version));
    return version;
  }
}
