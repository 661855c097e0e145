/** Payload of DeploymentPublished: a new version is current (a create, a publish or a restore). Keyed by deployment id. */
export interface DeploymentPublishedData {
  deploymentId: string;
  workspaceId: string;
  key: string;
  /** The version now current. */
  version: number;
  /** The version it restored, when the publish was a restore; null otherwise. */
  restoredFrom: number | null;
  publishedAt: string;
}

/** Payload of DeploymentDeleted. Keyed by deployment id. */
export interface DeploymentDeletedData {
  deploymentId: string;
  workspaceId: string;
  key: string;
  /** The version that was current when it was deleted. */
  version: number;
}
