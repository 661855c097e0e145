// Original file: libs/contracts/src/proto/registry.proto


export interface ListWorkspaceBudgetsRequest {
  'workspaceId'?: (string);
}

export interface ListWorkspaceBudgetsRequest__Output {
  'workspaceId': (string);
}
