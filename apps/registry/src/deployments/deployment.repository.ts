import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { type EntityManager, Repository } from 'typeorm';
import { ERROR_CODES } from '@model-garden/contracts';
import { RegistryException } from '../shared/registry.exception';
import { DeploymentVersionEntity } from './deployment-version.entity';
import { DeploymentEntity } from './deployment.entity';

export const DEPLOYMENT_KEY_CONSTRAINT = 'uq_deployments_workspace_key';

/** A deployment with its current version. */
export interface CurrentDeployment {
  deployment: DeploymentEntity;
  version: DeploymentVersionEntity;
}

/** Every read of deployments and their versions, scoped by workspace. */
@Injectable()
export class DeploymentRepository {
  constructor(
    @InjectRepository(DeploymentEntity) private readonly deployments: Repository<DeploymentEntity>,
    @InjectRepository(DeploymentVersionEntity) private readonly versions: Repository<DeploymentVersionEntity>,
  ) {}

  /** The deployment by key, or a 404 that looks the same whether it is missing or another workspace's. */
  async getByKey(workspaceId: string, key: string, manager?: EntityManager, lock = false): Promise<DeploymentEntity> {
    const deployment = await (manager ?? this.deployments.manager).findOne(DeploymentEntity, {
      where: { workspaceId, key },
      ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
    if (!deployment) throw notFound(key);
    return deployment;
  }

  async getVersion(deployment: DeploymentEntity, version: number, manager?: EntityManager): Promise<DeploymentVersionEntity> {
    const row = await (manager ?? this.versions.manager).findOneBy(DeploymentVersionEntity, { deploymentId: deployment.id, version });
    if (!row) throw new RegistryException(ERROR_CODES.notFound, `Deployment "${deployment.key}" has no version ${version}; its versions are 1 to ${deployment.currentVersion}.`);
    return row;
  }

  async current(workspaceId: string, key: string): Promise<CurrentDeployment> {
    const deployment = await this.getByKey(workspaceId, key);
    return { deployment, version: await this.getVersion(deployment, deployment.currentVersion) };
  }

  /** Current versions of several deployments, in the order given. */
  async currentVersions(deployments: readonly DeploymentEntity[]): Promise<CurrentDeployment[]> {
    if (deployments.length === 0) return [];
    const rows = await this.versions.find({ where: deployments.map((d) => ({ deploymentId: d.id, version: d.currentVersion })) });
    const byId = new Map(rows.map((row) => [row.deploymentId, row]));
    return deployments.flatMap((deployment) => {
      const version = byId.get(deployment.id);
      return version ? [{ deployment, version }] : [];
    });
  }

  /** A page of the workspace's deployments, newest first, after (or before) a (createdAt, id) position. */
  async page(
    workspaceId: string,
    limit: number,
    position?: { after?: { createdAt: Date; id: string }; before?: { createdAt: Date; id: string } },
  ): Promise<{ rows: DeploymentEntity[]; more: boolean }> {
    const query = this.deployments.createQueryBuilder('d').where('d.workspace_id = :workspaceId', { workspaceId });
    if (position?.after) {
      query.andWhere('(d.created_at, d.id) < (:createdAt, :id)', { createdAt: position.after.createdAt, id: position.after.id });
    }
    if (position?.before) {
      query.andWhere('(d.created_at, d.id) > (:bCreatedAt, :bId)', { bCreatedAt: position.before.createdAt, bId: position.before.id });
      const rows = await query.orderBy('d.created_at', 'ASC').addOrderBy('d.id', 'ASC').limit(limit + 1).getMany();
      const more = rows.length > limit;
      return { rows: rows.slice(0, limit).reverse(), more };
    }
    const rows = await query.orderBy('d.created_at', 'DESC').addOrderBy('d.id', 'DESC').limit(limit + 1).getMany();
    return { rows: rows.slice(0, limit), more: rows.length > limit };
  }

  async findById(workspaceId: string, id: string): Promise<DeploymentEntity | null> {
    return this.deployments.findOneBy({ workspaceId, id });
  }

  /** A page of a deployment's versions, newest first, below `beforeVersion`. */
  async versionPage(deployment: DeploymentEntity, limit: number, beforeVersion?: number): Promise<{ rows: DeploymentVersionEntity[]; more: boolean }> {
    const query = this.versions.createQueryBuilder('v').where('v.deployment_id = :id', { id: deployment.id });
    if (beforeVersion !== undefined) query.andWhere('v.version < :before', { before: beforeVersion });
    const rows = await query.orderBy('v.version', 'DESC').limit(limit + 1).getMany();
    return { rows: rows.slice(0, limit), more: rows.length > limit };
  }
}

export function notFound(key: string): RegistryException {
  return new RegistryException(ERROR_CODES.notFound, `There is no deployment with key "${key}" in this workspace.`);
}
