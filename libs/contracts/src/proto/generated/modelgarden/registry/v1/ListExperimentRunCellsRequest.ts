// Original file: libs/contracts/src/proto/registry.proto


export interface ListExperimentRunCellsRequest {
  'runId'?: (string);
  /**
   * Only the cells this dispatch queued (and still queued).
   */
  'dispatch'?: (number);
  /**
   * 0 for the registry's default (it may cap it).
   */
  'pageSize'?: (number);
  'pageToken'?: (string);
}

export interface ListExperimentRunCellsRequest__Output {
  'runId': (string);
  /**
   * Only the cells this dispatch queued (and still queued).
   */
  'dispatch': (number);
  /**
   * 0 for the registry's default (it may cap it).
   */
  'pageSize': (number);
  'pageToken': (string);
}
