import { checkCacheSetting, DEPLOYMENT_KEY_PATTERN, ERROR_CODES, type ResponseCacheSetting } from '@model-garden/contracts';
import { isRecord } from '../inference/request-options.util';
import { GATEWAY_ERROR_CODES, GatewayError } from '../shared/gateway.exception';

/**
 * The body of orq.ai's `POST /v2/deployments/invoke`, `/stream` and `/get_config`
 * (snake_case, as orq.ai's SDK sends it). Fields orq.ai has and Model Garden does not
 * serve are accepted when empty (`file_ids`, `knowledge_filter`) or kept for the
 * caller's own records (`metadata`, `thread`, `documents`); unknown fields are
 * ignored, as orq.ai's API does.
 */
export interface DeploymentCallRequest {
  key: string;
  inputs: Record<string, unknown>;
  context: Record<string, unknown> | undefined;
  messages: Record<string, unknown>[];
  prefixMessages: Record<string, unknown>[];
  identityId: string | undefined;
  extraParams: Record<string, unknown>;
  includeUsage: boolean;
  mockResponse: string | undefined;
  stream: boolean;
  /** `cache: {type: "exact_match", ttl}` (Model Garden's, as on /v1): caches this call with this TTL, over the deployment's setting. */
  cache: ResponseCacheSetting | undefined;
}

/** OpenAI body fields a caller may not override through extra_params: the deployment owns them. */
const RESERVED_EXTRA_PARAMS = new Set(['model', 'messages', 'prompt', 'stream', 'stream_options', 'retry', 'fallbacks', 'timeout']);
const MESSAGE_ROLES = new Set(['system', 'developer', 'user', 'assistant', 'tool']);
const MAX_MESSAGES = 500;

function bad(message: string, param: string): GatewayError {
  return GatewayError.invalidRequest(message, param, GATEWAY_ERROR_CODES.validationFailed);
}

function optionalObject(body: Record<string, unknown>, field: string): Record<string, unknown> | undefined {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  if (!isRecord(value)) throw bad(`${field} must be an object.`, field);
  return value;
}

function messageList(body: Record<string, unknown>, field: string): Record<string, unknown>[] {
  const value = body[field];
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || value.length > MAX_MESSAGES) throw bad(`${field} must be a list of at most ${MAX_MESSAGES} messages.`, field);
  return value.map((message, index) => {
    if (!isRecord(message) || typeof message['role'] !== 'string' || !MESSAGE_ROLES.has(message['role'])) {
      throw bad(`${field}[${index}] must be a message with a role (system, developer, user, assistant or tool) and content.`, `${field}[${index}]`);
    }
    return message;
  });
}

/** Reads and checks the call; a bad field is a 400 naming it. `streamed`: the route streams whatever the body says. */
export function parseDeploymentCall(raw: unknown, streamed: boolean): DeploymentCallRequest {
  if (!isRecord(raw)) throw GatewayError.invalidRequest('The body must be a JSON object.', null, GATEWAY_ERROR_CODES.invalidJson);
  const key = raw['key'];
  if (typeof key !== 'string' || key.trim() === '') throw bad('You must provide the deployment key in "key".', 'key');
  const stream = raw['stream'];
  if (stream !== undefined && stream !== null && typeof stream !== 'boolean') throw bad('stream must be true or false.', 'stream');
  const identity = optionalObject(raw, 'identity');
  const identityId = identity?.['id'];
  if (identity !== undefined && identityId !== undefined && (typeof identityId !== 'string' || identityId.length > 256)) {
    throw bad('identity.id must be a string of at most 256 characters.', 'identity.id');
  }
  const options = optionalObject(raw, 'invoke_options') ?? {};
  const includeUsage = options['include_usage'];
  if (includeUsage !== undefined && includeUsage !== null && typeof includeUsage !== 'boolean') throw bad('invoke_options.include_usage must be true or false.', 'invoke_options.include_usage');
  const mock = options['mock_response'];
  if (mock !== undefined && mock !== null && typeof mock !== 'string') throw bad('invoke_options.mock_response must be a string.', 'invoke_options.mock_response');
  const extraParams = optionalObject(raw, 'extra_params') ?? {};
  for (const field of Object.keys(extraParams)) {
    if (RESERVED_EXTRA_PARAMS.has(field)) {
      throw bad(`extra_params.${field} cannot be overridden: the deployment sets it (use ${field === 'stream' ? 'stream or /v2/deployments/stream' : 'messages, inputs or the deployment itself'}).`, `extra_params.${field}`);
    }
  }
  const fileIds = raw['file_ids'];
  if (Array.isArray(fileIds) && fileIds.length > 0) throw bad('file_ids are not supported: Model Garden deployments have no file store. Pass content in messages.', 'file_ids');
  if (isRecord(raw['knowledge_filter']) && Object.keys(raw['knowledge_filter']).length > 0) {
    throw bad('knowledge_filter is not supported: Model Garden deployments have no knowledge bases.', 'knowledge_filter');
  }
  optionalObject(raw, 'metadata');
  let cache: ResponseCacheSetting | undefined;
  if (raw['cache'] !== undefined && raw['cache'] !== null) {
    const checked = checkCacheSetting(raw['cache']);
    if ('field' in checked) throw bad(checked.message, checked.field);
    cache = checked.setting;
  }
  return {
    key: key.trim(),
    inputs: optionalObject(raw, 'inputs') ?? {},
    context: optionalObject(raw, 'context'),
    messages: messageList(raw, 'messages'),
    prefixMessages: messageList(raw, 'prefix_messages'),
    identityId: typeof identityId === 'string' && identityId !== '' ? identityId : undefined,
    extraParams,
    includeUsage: includeUsage === true,
    mockResponse: typeof mock === 'string' ? mock : undefined,
    stream: streamed || stream === true,
    cache,
  };
}

export function deploymentNotFound(key: string): GatewayError {
  return new GatewayError(
    404,
    `The deployment \`${key}\` does not exist or you do not have access to it.`,
    'not_found_error',
    ERROR_CODES.deploymentNotFound,
    'key',
  );
}

/** Keys no deployment can have answer 404 without asking the registry. */
export function isDeploymentKey(key: string): boolean {
  return DEPLOYMENT_KEY_PATTERN.test(key);
}
