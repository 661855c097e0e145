// Original file: libs/contracts/src/proto/registry.proto


export interface GetModelForValidationRequest {
  'modelId'?: (string);
}

export interface GetModelForValidationRequest__Output {
  'modelId': (string);
}
