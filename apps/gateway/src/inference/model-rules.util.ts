import {
  type ChatCompletionRequest,
  type CompletionRequest,
  type EmbeddingRequest,
  type ImageGenerationRequest,
} from '@model-garden/providers';
import { type ServingModel } from '../catalogue/serving-model';
import { GATEWAY_ERROR_CODES, GatewayError } from '../shared/gateway.exception';
import { type EndpointSpec, routeForModelType } from './endpoints.constant';
import { isRecord } from './request-options.util';

/** Checks the body fields the gateway itself relies on; everything else is the upstream's to judge. */
export function assertRequestShape(spec: EndpointSpec, body: Record<string, unknown>): string {
  const model = body['model'];
  if (typeof model !== 'string' || model.trim() === '') {
    throw GatewayError.invalidRequest('You must provide a model parameter.', 'model', GATEWAY_ERROR_CODES.validationFailed);
  }
  const required = body[spec.requiredField];
  if (required === undefined || required === null || (spec.requiredField === 'messages' && (!Array.isArray(required) || required.length === 0))) {
    throw GatewayError.invalidRequest(
      spec.requiredField === 'messages' ? 'messages must be a non-empty array of messages.' : `You must provide ${spec.requiredField}.`,
      spec.requiredField,
      GATEWAY_ERROR_CODES.validationFailed,
    );
  }
  const stream = body['stream'];
  if (stream !== undefined && stream !== null && typeof stream !== 'boolean') {
    throw GatewayError.invalidRequest('stream must be true or false.', 'stream', GATEWAY_ERROR_CODES.validationFailed);
  }
  if (stream === true && !spec.streams) {
    throw GatewayError.invalidRequest(`${spec.route} does not stream.`, 'stream', GATEWAY_ERROR_CODES.validationFailed);
  }
  for (const field of spec.tokenLimitFields) {
    const value = body[field];
    if (value !== undefined && value !== null && (!Number.isInteger(value) || (value as number) < 1)) {
      throw GatewayError.invalidRequest(`${field} must be a positive integer.`, field, GATEWAY_ERROR_CODES.validationFailed);
    }
  }
  return model;
}

export function modelNotFound(model: string): GatewayError {
  return new GatewayError(
    404,
    `The model \`${model}\` does not exist or you do not have access to it.`,
    'invalid_request_error',
    GATEWAY_ERROR_CODES.modelNotFound,
    'model',
  );
}

/** Only `active` and `degraded` models serve: `validating` is 409, `failed` and `unavailable` are 422 with the reason. */
export function assertServing(model: ServingModel, requested: string): void {
  switch (model.status) {
    case 'active':
    case 'degraded':
      return;
    case 'validating':
      throw new GatewayError(
        409,
        `The model \`${requested}\` is still being validated. Try again in a few seconds.`,
        'invalid_request_error',
        GATEWAY_ERROR_CODES.modelNotReady,
        'model',
      );
    case 'failed':
      throw new GatewayError(
        422,
        `The model \`${requested}\` failed validation${model.statusMessage ? `: ${model.statusMessage}` : '.'} Fix its configuration in the registry and validate it again.`,
        'invalid_request_error',
        GATEWAY_ERROR_CODES.modelFailed,
        'model',
      );
    default:
      throw new GatewayError(
        422,
        `The model \`${requested}\` is not available${model.statusMessage ? `: ${model.statusMessage}` : '.'}`,
        'invalid_request_error',
        GATEWAY_ERROR_CODES.modelUnavailable,
        'model',
      );
  }
}

/** The endpoint must serve the model's type, and the request may not need a capability validation found missing. */
export function assertCapabilities(spec: EndpointSpec, model: ServingModel, body: Record<string, unknown>, requested: string): void {
  if (model.type !== spec.modelType) {
    const route = routeForModelType(model.type);
    throw new GatewayError(
      400,
      `The model \`${requested}\` is a ${model.type} model and cannot serve ${spec.route}${route ? `; use ${route}` : ''}.`,
      'invalid_request_error',
      GATEWAY_ERROR_CODES.capabilityMissing,
      'model',
    );
  }
  const caps = model.capabilities;
  if (body['stream'] === true && caps.streaming === false) {
    throw missing(requested, 'streaming', 'stream');
  }
  if (spec.modelType !== 'chat') return;
  if (caps.functionCalling === false && (nonEmptyArray(body['tools']) || nonEmptyArray(body['functions']))) {
    throw missing(requested, 'function calling (tools)', nonEmptyArray(body['tools']) ? 'tools' : 'functions');
  }
  if (caps.structuredOutput === false && isRecord(body['response_format']) && body['response_format']['type'] === 'json_schema') {
    throw missing(requested, 'structured output (response_format json_schema)', 'response_format');
  }
  if (caps.vision === false && hasImagePart(body['messages'])) {
    throw missing(requested, 'vision (image parts in messages)', 'messages');
  }
}

/**
 * For a model that takes only `data:` images (GATEWAY_DATA_IMAGES_ONLY), refuses an
 * image part whose URL the upstream would fetch, naming the part.
 */
export function assertImageSources(spec: EndpointSpec, model: ServingModel, body: Record<string, unknown>, requested: string): void {
  if (!model.dataImagesOnly || spec.modelType !== 'chat') return;
  const messages = body['messages'];
  if (!Array.isArray(messages)) return;
  for (let m = 0; m < messages.length; m += 1) {
    const message: unknown = messages[m];
    const content = isRecord(message) ? message['content'] : undefined;
    if (!Array.isArray(content)) continue;
    for (let p = 0; p < content.length; p += 1) {
      const part: unknown = content[p];
      if (!isRecord(part) || (part['type'] !== 'image_url' && part['type'] !== 'input_image')) continue;
      const image = part['image_url'];
      const nested = isRecord(image);
      const url = nested ? image['url'] : image;
      if (typeof url === 'string' && url.startsWith('data:')) continue;
      throw new GatewayError(
        400,
        `The model \`${requested}\` accepts images only as data: URLs (base64, e.g. "data:image/png;base64,..."); it does not fetch image URLs. Inline the image.`,
        'invalid_request_error',
        GATEWAY_ERROR_CODES.imageUrlNotAllowed,
        `messages[${m}].content[${p}].image_url${nested ? '.url' : ''}`,
      );
    }
  }
}

function missing(requested: string, capability: string, param: string): GatewayError {
  return new GatewayError(
    400,
    `The model \`${requested}\` does not support ${capability}: its validation found it missing. Remove \`${param}\` or use another model.`,
    'invalid_request_error',
    GATEWAY_ERROR_CODES.capabilityMissing,
    param,
  );
}

function nonEmptyArray(value: unknown): boolean {
  return Array.isArray(value) && value.length > 0;
}

function hasImagePart(messages: unknown): boolean {
  if (!Array.isArray(messages)) return false;
  for (const message of messages) {
    const content = isRecord(message) ? message['content'] : undefined;
    if (!Array.isArray(content)) continue;
    for (const part of content) {
      if (isRecord(part) && (part['type'] === 'image_url' || part['type'] === 'input_image')) return true;
    }
  }
  return false;
}

/** What the gateway changed about the output token limit, for the response headers. */
export interface TokenLimitDecision {
  /** The limit sent upstream when the gateway set or lowered it. */
  applied?: number;
  /** The client's value when it was lowered to the model's ceiling. */
  loweredFrom?: number;
}

export interface UpstreamRequest {
  /** The JSON body for the provider. */
  body: Record<string, unknown>;
  tokenLimit: TokenLimitDecision;
  streamed: boolean;
  /** The gateway asked for `stream_options.include_usage` although the client did not: drop the usage-only chunk. */
  dropUsageChunk: boolean;
  /** The client set `stream_options.include_usage` (and the upstream is sent it): only then do chunks carry `usage`, `null` until the last. */
  clientWantsUsage: boolean;
  /** The stream should end with usage (asked, or the provider sends it anyway). */
  expectStreamUsage: boolean;
}

/**
 * The body sent to one model: the client's fields with the upstream model id, the
 * model's temperature when the request has none, its maxTokens as default and
 * ceiling, usage requested on streams when the adapter allows it, then shaped by the
 * provider adapter.
 */
export function buildUpstreamRequest(spec: EndpointSpec, model: ServingModel, client: Record<string, unknown>): UpstreamRequest {
  const body: Record<string, unknown> = { ...client, model: model.upstreamModelId };
  const tokenLimit: TokenLimitDecision = {};

  if (model.temperature !== undefined && (body['temperature'] === undefined || body['temperature'] === null) && spec.tokenLimitFields.length > 0) {
    body['temperature'] = model.temperature;
  }
  if (model.maxTokens !== undefined && spec.tokenLimitFields.length > 0) {
    const ceiling = model.maxTokens;
    let present = false;
    for (const field of spec.tokenLimitFields) {
      const value = body[field];
      if (typeof value !== 'number') continue;
      present = true;
      if (value > ceiling) {
        body[field] = ceiling;
        tokenLimit.applied = ceiling;
        tokenLimit.loweredFrom = Math.max(tokenLimit.loweredFrom ?? 0, value);
      }
    }
    if (!present) {
      body[spec.tokenLimitFields[spec.tokenLimitFields.length - 1]] = ceiling;
      tokenLimit.applied = ceiling;
    }
  }

  const streamed = body['stream'] === true;
  let dropUsageChunk = false;
  let clientWantsUsage = false;
  let expectStreamUsage = false;
  if (streamed) {
    const clientOptions = isRecord(body['stream_options']) ? body['stream_options'] : undefined;
    clientWantsUsage = clientOptions?.['include_usage'] === true;
    const canAsk = model.adapter.features.streamOptions && model.capabilities.streamUsage !== false;
    if (canAsk) {
      if (!clientWantsUsage) {
        body['stream_options'] = { ...clientOptions, include_usage: true };
        dropUsageChunk = true;
      }
      expectStreamUsage = true;
    } else if (model.capabilities.streamUsage === false) {
      // Validation found that this model fails with stream_options: do not send it.
      delete body['stream_options'];
      clientWantsUsage = false;
    }
    if (model.adapter.features.streamUsageByDefault) expectStreamUsage = true;
  } else {
    delete body['stream_options'];
  }

  return { body: shape(spec, model, body), tokenLimit, streamed, dropUsageChunk, clientWantsUsage, expectStreamUsage };
}

function shape(spec: EndpointSpec, model: ServingModel, body: Record<string, unknown>): Record<string, unknown> {
  const adapter = model.adapter;
  switch (spec.endpoint) {
    case 'chat.completions':
      return adapter.shapeChatRequest(body as ChatCompletionRequest);
    case 'completions':
      return adapter.shapeCompletionRequest(body as CompletionRequest);
    case 'embeddings':
      return adapter.shapeEmbeddingRequest(body as EmbeddingRequest);
    case 'images.generations':
      return adapter.shapeImageRequest(body as ImageGenerationRequest);
  }
}
