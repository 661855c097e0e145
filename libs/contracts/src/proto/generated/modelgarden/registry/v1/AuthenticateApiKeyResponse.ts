// Original file: libs/contracts/src/proto/registry.proto

import type { Long } from '@grpc/proto-loader';

export interface AuthenticateApiKeyResponse {
  'apiKeyId'?: (string);
  'workspaceId'?: (string);
  'workspaceSlug'?: (string);
  'scopes'?: (string)[];
  /**
   * Unix epoch milliseconds; 0 when the key never expires.
   */
  'expiresAtMs'?: (number | string | Long);
  /**
   * Requests per minute allowed for this key; 0 for the platform default.
   */
  'rateLimitPerMinute'?: (number);
  /**
   * The key's public prefix (a cache key for invalidation on revocation).
   */
  'prefix'?: (string);
  /**
   * Whether the key is limited to some regions (its workspace's allowedRegions narrowed by
   * its own); false: every region, and allowed_regions is empty.
   */
  'regionsRestricted'?: (boolean);
  /**
   * When regions_restricted: the regions whose models the key may use (possibly none).
   */
  'allowedRegions'?: (string)[];
}

export interface AuthenticateApiKeyResponse__Output {
  'apiKeyId': (string);
  'workspaceId': (string);
  'workspaceSlug': (string);
  'scopes': (string)[];
  /**
   * Unix epoch milliseconds; 0 when the key never expires.
   */
  'expiresAtMs': (number);
  /**
   * Requests per minute allowed for this key; 0 for the platform default.
   */
  'rateLimitPerMinute': (number);
  /**
   * The key's public prefix (a cache key for invalidation on revocation).
   */
  'prefix': (string);
  /**
   * Whether the key is limited to some regions (its workspace's allowedRegions narrowed by
   * its own); false: every region, and allowed_regions is empty.
   */
  'regionsRestricted': (boolean);
  /**
   * When regions_restricted: the regions whose models the key may use (possibly none).
   */
  'allowedRegions': (string)[];
}
