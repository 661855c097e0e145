// Original file: libs/contracts/src/proto/registry.proto


export interface ListDeploymentsRequest {
  'workspaceId'?: (string);
  /**
   * 1 to 50; 0 for the default (10).
   */
  'limit'?: (number);
  /**
   * A deployment id: the page after it (newest first). At most one of the two cursors.
   */
  'startingAfter'?: (string);
  /**
   * A deployment id: the page before it.
   */
  'endingBefore'?: (string);
}

export interface ListDeploymentsRequest__Output {
  'workspaceId': (string);
  /**
   * 1 to 50; 0 for the default (10).
   */
  'limit': (number);
  /**
   * A deployment id: the page after it (newest first). At most one of the two cursors.
   */
  'startingAfter': (string);
  /**
   * A deployment id: the page before it.
   */
  'endingBefore': (string);
}
