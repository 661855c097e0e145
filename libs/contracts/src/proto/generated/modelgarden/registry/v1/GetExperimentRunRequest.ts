// Original file: libs/contracts/src/proto/registry.proto


export interface GetExperimentRunRequest {
  'runId'?: (string);
}

export interface GetExperimentRunRequest__Output {
  'runId': (string);
}
