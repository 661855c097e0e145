import {
  type DeploymentHealth,
  type DeploymentPublishedData,
  type DeploymentSummaryView,
  type DeploymentVersionSummary,
  type DeploymentVersionView,
  type DeploymentView,
  type ResolvedDeployment,
} from '@model-garden/contracts';
import { type DeploymentVersionEntity } from './deployment-version.entity';
import { type DeploymentEntity } from './deployment.entity';

export function toVersionView(version: DeploymentVersionEntity): DeploymentVersionView {
  return {
    version: version.version,
    note: version.note,
    publishedBy: version.publishedBy,
    publishedAt: version.publishedAt.toISOString(),
    restoredFrom: version.restoredFrom,
    variants: version.config.variants,
    routing: version.config.routing,
    cache: version.config.cache ?? null,
  };
}

export function toVersionSummary(version: DeploymentVersionEntity, currentVersion: number): DeploymentVersionSummary {
  return {
    version: version.version,
    note: version.note,
    publishedBy: version.publishedBy,
    publishedAt: version.publishedAt.toISOString(),
    restoredFrom: version.restoredFrom,
    variants: version.config.variants.map((variant) => variant.key),
    current: version.version === currentVersion,
  };
}

export function toDeploymentView(deployment: DeploymentEntity, version: DeploymentVersionEntity, health: DeploymentHealth): DeploymentView {
  return {
    id: deployment.id,
    key: deployment.key,
    description: deployment.description,
    currentVersion: deployment.currentVersion,
    current: toVersionView(version),
    health,
    createdAt: deployment.createdAt.toISOString(),
    updatedAt: deployment.updatedAt.toISOString(),
  };
}

export function toSummaryView(deployment: DeploymentEntity, version: DeploymentVersionEntity, health: DeploymentHealth): DeploymentSummaryView {
  return {
    id: deployment.id,
    key: deployment.key,
    description: deployment.description,
    currentVersion: deployment.currentVersion,
    variants: version.config.variants.map((variant) => ({ key: variant.key, model: variant.model.ref })),
    health,
    createdAt: deployment.createdAt.toISOString(),
    updatedAt: deployment.updatedAt.toISOString(),
  };
}

export function publishedData(deployment: DeploymentEntity, version: DeploymentVersionEntity): DeploymentPublishedData {
  return {
    deploymentId: deployment.id,
    workspaceId: deployment.workspaceId,
    key: deployment.key,
    version: version.version,
    restoredFrom: version.restoredFrom,
    publishedAt: version.publishedAt.toISOString(),
  };
}

/** The gRPC answer for the gateway: the current version's configuration as JSON. */
export function toResolvedDeployment(deployment: DeploymentEntity, version: DeploymentVersionEntity): ResolvedDeployment {
  return {
    id: deployment.id,
    workspaceId: deployment.workspaceId,
    key: deployment.key,
    description: deployment.description ?? '',
    version: version.version,
    publishedAtMs: version.publishedAt.getTime(),
    createdAtMs: deployment.createdAt.getTime(),
    updatedAtMs: deployment.updatedAt.getTime(),
    configJson: JSON.stringify(version.config),
  };
}
