import {
  type ChatCompletionRequest,
  type CompletionRequest,
  type EmbeddingRequest,
  type ImageGenerationRequest,
} from '@model-garden/providers';
import { type ServingModel } from '../catalogue/serving-model';
import { type EndpointSpec } from '../inference/endpoints.constant';
import { isRecord } from '../inference/request-options.util';

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
  let expectStreamUsage = false;
  if (streamed) {
    const clientOptions = isRecord(body['stream_options']) ? body['stream_options'] : undefined;
    const clientWantsUsage = clientOptions?.['include_usage'] === true;
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
    }
    if (model.adapter.features.streamUsageByDefault) expectStreamUsage = true;
  } else {
    delete body['stream_options'];
  }

  return { body: shape(spec, model, body), tokenLimit, streamed, dropUsageChunk, expectStreamUsage };
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
