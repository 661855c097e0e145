// Original file: libs/contracts/src/proto/registry.proto

import type { Long } from '@grpc/proto-loader';

export interface ResolvedDeployment {
  'id'?: (string);
  'workspaceId'?: (string);
  'key'?: (string);
  'description'?: (string);
  /**
   * The current version's number.
   */
  'version'?: (number);
  'publishedAtMs'?: (number | string | Long);
  'createdAtMs'?: (number | string | Long);
  'updatedAtMs'?: (number | string | Long);
  /**
   * The current version's configuration as JSON: DeploymentConfig of libs/contracts
   * (variants with templates, parameters, tool schemas, response formats; routing).
   * JSON because templates and tool schemas are free-form JSON documents.
   */
  'configJson'?: (string);
}

export interface ResolvedDeployment__Output {
  'id': (string);
  'workspaceId': (string);
  'key': (string);
  'description': (string);
  /**
   * The current version's number.
   */
  'version': (number);
  'publishedAtMs': (number);
  'createdAtMs': (number);
  'updatedAtMs': (number);
  /**
   * The current version's configuration as JSON: DeploymentConfig of libs/contracts
   * (variants with templates, parameters, tool schemas, response formats; routing).
   * JSON because templates and tool schemas are free-form JSON documents.
   */
  'configJson': (string);
}
