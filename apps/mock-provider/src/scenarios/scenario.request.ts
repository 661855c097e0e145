import { BASE_MODELS, FAIL_STATUSES, type FailStatus, type ModelDefinition } from '../catalogue/model.types';
import type { JsonObject } from '../http/body';
import { invalidRequest } from '../http/mock-provider.exception';
import { optionalBoolean, optionalEnum, optionalInteger, requiredString } from '../http/fields';
import { nowSeconds } from '../shared/clock';

const ID = /^[A-Za-z0-9][A-Za-z0-9._:@/-]{0,127}$/;

const FIELDS = new Set([
  'id',
  'base',
  'failFirst',
  'failStatus',
  'retryAfterSeconds',
  'latencyMs',
  'hang',
  'alwaysStream',
  'chunks',
  'chunkDelayMs',
  'resetConnection',
  'malformedJson',
  'cutStreamAfterChunks',
  'unlisted',
  'endlessStream',
  'jsonPaddingBytes',
  'reportedPromptTokens',
  'successContentType',
]);

function optionalContentType(body: JsonObject): string | undefined {
  const value = body['successContentType'];
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !/^[\x21-\x7e][\x20-\x7e]{0,127}$/.test(value)) {
    throw invalidRequest("Invalid 'successContentType': a content type of 1 to 128 printable ASCII characters.", 'successContentType', 'invalid_value');
  }
  return value;
}

/** Validates a `POST /__mock/scenarios` body into a model definition; unknown fields are refused so typos do not pass silently. */
export function parseScenario(body: JsonObject): ModelDefinition {
  for (const field of Object.keys(body)) {
    if (!FIELDS.has(field)) throw invalidRequest(`Unknown scenario field '${field}'.`, field, 'unknown_parameter');
  }
  const id = requiredString(body, 'id');
  if (!ID.test(id)) throw invalidRequest("Invalid 'id': 1 to 128 characters from A-Z a-z 0-9 . _ : @ / -, starting with a letter or digit.", 'id', 'invalid_value');
  const base = optionalEnum(body, 'base', BASE_MODELS);
  if (base === undefined) throw invalidRequest("Missing required parameter: 'base'.", 'base', 'missing_required_parameter');
  const failStatus = optionalInteger(body, 'failStatus', 100, 599);
  if (failStatus !== undefined && !(FAIL_STATUSES as readonly number[]).includes(failStatus)) {
    throw invalidRequest(`Invalid 'failStatus': expected one of ${FAIL_STATUSES.join(', ')}.`, 'failStatus', 'invalid_value');
  }
  const definition: ModelDefinition = {
    id,
    base,
    listed: !(optionalBoolean(body, 'unlisted') ?? false),
    origin: 'scenario',
    created: nowSeconds(),
    failFirst: optionalInteger(body, 'failFirst', 0, 1_000_000),
    failStatus: failStatus as FailStatus | undefined,
    retryAfterSeconds: optionalInteger(body, 'retryAfterSeconds', 0, 3600),
    latencyMs: optionalInteger(body, 'latencyMs', 0, 600_000),
    hang: optionalBoolean(body, 'hang'),
    alwaysStream: optionalBoolean(body, 'alwaysStream'),
    chunks: optionalInteger(body, 'chunks', 1, 10_000),
    chunkDelayMs: optionalInteger(body, 'chunkDelayMs', 0, 60_000),
    resetConnection: optionalBoolean(body, 'resetConnection'),
    malformedJson: optionalBoolean(body, 'malformedJson'),
    cutStreamAfterChunks: optionalInteger(body, 'cutStreamAfterChunks', 0, 1_000_000),
    endlessStream: optionalBoolean(body, 'endlessStream'),
    jsonPaddingBytes: optionalInteger(body, 'jsonPaddingBytes', 0, 1_073_741_824),
    reportedPromptTokens: optionalInteger(body, 'reportedPromptTokens', 0, 1_000_000_000_000),
    successContentType: optionalContentType(body),
  };
  for (const key of Object.keys(definition) as Array<keyof ModelDefinition>) if (definition[key] === undefined) delete definition[key];
  return definition;
}
