// Original file: libs/contracts/src/proto/registry.proto


export interface ResolveModelRequest {
  'workspaceId'?: (string);
  /**
   * `<workspace>@openailike/<key>`, the model's key, its id, or a public `provider/model`.
   */
  'model'?: (string);
}

export interface ResolveModelRequest__Output {
  'workspaceId': (string);
  /**
   * `<workspace>@openailike/<key>`, the model's key, its id, or a public `provider/model`.
   */
  'model': (string);
}
