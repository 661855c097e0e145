// Original file: libs/contracts/src/proto/registry.proto

import type { Long } from '@grpc/proto-loader';

export interface ExperimentRunCredential {
  /**
   * A workspace API key (scope `inference`) for the gateway; only ever sent over this API.
   */
  'apiKey'?: (string);
  /**
   * Unix epoch milliseconds.
   */
  'expiresAtMs'?: (number | string | Long);
}

export interface ExperimentRunCredential__Output {
  /**
   * A workspace API key (scope `inference`) for the gateway; only ever sent over this API.
   */
  'apiKey': (string);
  /**
   * Unix epoch milliseconds.
   */
  'expiresAtMs': (number);
}
