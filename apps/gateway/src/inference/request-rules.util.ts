import { type ServingModel } from '../catalogue/serving-model';
import { GATEWAY_ERROR_CODES, GatewayError } from '../shared/gateway.exception';
import { type EndpointSpec, routeForModelType } from './endpoints.constant';
import { isRecord } from './request-options.util';

/**
 * The rules a request must pass before any upstream call: the body fields the gateway
 * itself relies on (`assertRequestShape`), then, per model tried, whether that model
 * may serve it (`assertModelServes`: its status, its type and the capabilities its
 * validation found, its image policy). The body sent upstream is built apart, in
 * `upstream/upstream-request.util.ts`.
 */

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

/** All the checks of one model against one request (the primary and each fallback): status, type and capabilities, image sources. */
export function assertModelServes(spec: EndpointSpec, model: ServingModel, body: Record<string, unknown>, requested: string): void {
  assertServing(model, requested);
  assertCapabilities(spec, model, body, requested);
  assertImageSources(spec, model, body, requested);
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
