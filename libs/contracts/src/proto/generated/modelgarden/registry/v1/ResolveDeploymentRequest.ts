// Original file: libs/contracts/src/proto/registry.proto


export interface ResolveDeploymentRequest {
  'workspaceId'?: (string);
  /**
   * The deployment key (`customer-support`).
   */
  'key'?: (string);
}

export interface ResolveDeploymentRequest__Output {
  'workspaceId': (string);
  /**
   * The deployment key (`customer-support`).
   */
  'key': (string);
}
