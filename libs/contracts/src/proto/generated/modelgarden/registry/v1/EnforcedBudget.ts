// Original file: libs/contracts/src/proto/registry.proto

import type { Long } from '@grpc/proto-loader';

export interface EnforcedBudget {
  'id'?: (string);
  'name'?: (string);
  /**
   * `workspace`, `api_key`, `model` or `deployment`.
   */
  'scopeKind'?: (string);
  /**
   * The API key id, model id or deployment id; empty for the workspace.
   */
  'scopeTargetId'?: (string);
  /**
   * `daily`, `weekly`, `monthly` or `one_time`.
   */
  'period'?: (string);
  'amountUsd'?: (number | string);
  'tokenLimit'?: (number | string | Long);
  'requestsPerMinute'?: (number);
  /**
   * 0 when it never expires.
   */
  'expiresAtMs'?: (number | string | Long);
  'createdAtMs'?: (number | string | Long);
  /**
   * 0 when never reset.
   */
  'resetAtMs'?: (number | string | Long);
  /**
   * Bumped by every reset: the gateway's Redis counters are keyed by it.
   */
  'resetCount'?: (number);
  '_amountUsd'?: "amountUsd";
  '_tokenLimit'?: "tokenLimit";
  '_requestsPerMinute'?: "requestsPerMinute";
}

export interface EnforcedBudget__Output {
  'id': (string);
  'name': (string);
  /**
   * `workspace`, `api_key`, `model` or `deployment`.
   */
  'scopeKind': (string);
  /**
   * The API key id, model id or deployment id; empty for the workspace.
   */
  'scopeTargetId': (string);
  /**
   * `daily`, `weekly`, `monthly` or `one_time`.
   */
  'period': (string);
  'amountUsd'?: (number);
  'tokenLimit'?: (number);
  'requestsPerMinute'?: (number);
  /**
   * 0 when it never expires.
   */
  'expiresAtMs': (number);
  'createdAtMs': (number);
  /**
   * 0 when never reset.
   */
  'resetAtMs': (number);
  /**
   * Bumped by every reset: the gateway's Redis counters are keyed by it.
   */
  'resetCount': (number);
  '_amountUsd'?: "amountUsd";
  '_tokenLimit'?: "tokenLimit";
  '_requestsPerMinute'?: "requestsPerMinute";
}
