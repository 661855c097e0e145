// Original file: libs/contracts/src/proto/registry.proto


export interface ListModelsRequest {
  'workspaceId'?: (string);
}

export interface ListModelsRequest__Output {
  'workspaceId': (string);
}
