// Original file: libs/contracts/src/proto/registry.proto


export interface GetExperimentRunCredentialRequest {
  'runId'?: (string);
}

export interface GetExperimentRunCredentialRequest__Output {
  'runId': (string);
}
