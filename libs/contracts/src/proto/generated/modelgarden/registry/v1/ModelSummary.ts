// Original file: libs/contracts/src/proto/registry.proto

import type { Long } from '@grpc/proto-loader';

export interface ModelSummary {
  'id'?: (string);
  'ref'?: (string);
  'key'?: (string);
  'owner'?: (string);
  'type'?: (string);
  'status'?: (string);
  'name'?: (string);
  'createdAtMs'?: (number | string | Long);
  /**
   * `us` or `eu`: the gateway lists only the models of the regions the calling key may use.
   */
  'region'?: (string);
}

export interface ModelSummary__Output {
  'id': (string);
  'ref': (string);
  'key': (string);
  'owner': (string);
  'type': (string);
  'status': (string);
  'name': (string);
  'createdAtMs': (number);
  /**
   * `us` or `eu`: the gateway lists only the models of the regions the calling key may use.
   */
  'region': (string);
}
