// Original file: libs/contracts/src/proto/registry.proto


export interface ActiveModel {
  'id'?: (string);
  'workspaceId'?: (string);
  'revision'?: (number);
  'type'?: (string);
  /**
   * `active` or `degraded`.
   */
  'status'?: (string);
}

export interface ActiveModel__Output {
  'id': (string);
  'workspaceId': (string);
  'revision': (number);
  'type': (string);
  /**
   * `active` or `degraded`.
   */
  'status': (string);
}
