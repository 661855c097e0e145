// Original file: libs/contracts/src/proto/registry.proto

import type { Pricing as _modelgarden_registry_v1_Pricing, Pricing__Output as _modelgarden_registry_v1_Pricing__Output } from '../../../modelgarden/registry/v1/Pricing';
import type { Capabilities as _modelgarden_registry_v1_Capabilities, Capabilities__Output as _modelgarden_registry_v1_Capabilities__Output } from '../../../modelgarden/registry/v1/Capabilities';

export interface ResolvedModel {
  'id'?: (string);
  'workspaceId'?: (string);
  'ref'?: (string);
  'key'?: (string);
  /**
   * `private` or `public`.
   */
  'owner'?: (string);
  'type'?: (string);
  'baseUrl'?: (string);
  'upstreamModelId'?: (string);
  'status'?: (string);
  'revision'?: (number);
  'maxTokens'?: (number);
  'temperature'?: (number | string);
  'pricing'?: (_modelgarden_registry_v1_Pricing | null);
  'capabilities'?: (_modelgarden_registry_v1_Capabilities | null);
  /**
   * Decrypted provider API key; only ever sent to platform services over this API.
   */
  'apiKey'?: (string);
  /**
   * Reason of the last failed validation, for a clear 422 at the gateway.
   */
  'statusMessage'?: (string);
  'name'?: (string);
  'region'?: (string);
  /**
   * `openailike` for private models; the catalogue provider (`openai`, `groq`, ...) for public ones.
   */
  'provider'?: (string);
  '_maxTokens'?: "maxTokens";
  '_temperature'?: "temperature";
}

export interface ResolvedModel__Output {
  'id': (string);
  'workspaceId': (string);
  'ref': (string);
  'key': (string);
  /**
   * `private` or `public`.
   */
  'owner': (string);
  'type': (string);
  'baseUrl': (string);
  'upstreamModelId': (string);
  'status': (string);
  'revision': (number);
  'maxTokens'?: (number);
  'temperature'?: (number);
  'pricing': (_modelgarden_registry_v1_Pricing__Output | null);
  'capabilities': (_modelgarden_registry_v1_Capabilities__Output | null);
  /**
   * Decrypted provider API key; only ever sent to platform services over this API.
   */
  'apiKey': (string);
  /**
   * Reason of the last failed validation, for a clear 422 at the gateway.
   */
  'statusMessage': (string);
  'name': (string);
  'region': (string);
  /**
   * `openailike` for private models; the catalogue provider (`openai`, `groq`, ...) for public ones.
   */
  'provider': (string);
  '_maxTokens'?: "maxTokens";
  '_temperature'?: "temperature";
}
