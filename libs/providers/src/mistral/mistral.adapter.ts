import { ERROR_CODES } from '@model-garden/contracts';
import { type Endpoint } from '../core/capability';
import { type ChatCompletionRequest, type EmbeddingRequest } from '../core/openai-shapes';
import { type ErrorResponse } from '../core/provider-adapter';
import { failure, type UpstreamFailure } from '../core/upstream-failure';
import { OpenAiCompatibleAdapter } from '../open-ai-base/open-ai-base.adapter';
import { readProviderError, scrubProviderMessage } from '../open-ai-base/open-ai-base.errors';

/**
 * Mistral AI La Plateforme (https://api.mistral.ai/v1).
 *
 * Followed: Mistral's API reference (docs.mistral.ai/api, ChatCompletionRequest and
 * EmbeddingRequest in its OpenAPI document):
 * - the output limit is `max_tokens`; there is no `max_completion_tokens`;
 * - `tool_choice` is `auto | none | any | required` ("`any` or `required` means the model
 *   must call one or more tools"); `any` is the value Mistral documented first
 *   (docs.mistral.ai/capabilities/function_calling), so a forced call is sent as `any`;
 * - the seed is `random_seed`, not `seed`;
 * - there is no `stream_options`: a stream's last chunk carries `usage` without being
 *   asked (mistralai/client-python#40, fixed 2024-08);
 * - no `logprobs`, `top_logprobs`, `logit_bias` or `user` fields;
 * - embeddings take `output_dimension` (not `dimensions`) and `encoding_format`
 *   (docs.mistral.ai/api/endpoint/embeddings);
 * - an unknown model is a 400 with a flat body
 *   `{"object":"error","message":"Invalid model: x","type":"invalid_model","code":"1500"}`
 *   (seen in mistralai/mistral-vibe#617), not OpenAI's 404 `model_not_found`.
 * Models served through the OpenAI-compatible paths: chat and embeddings (code completion
 * is `/v1/fim/completions`, not the legacy `/v1/completions`; no image generation).
 */
export class MistralAdapter extends OpenAiCompatibleAdapter {
  constructor() {
    super({
      id: 'mistral',
      name: 'Mistral AI',
      docsUrl: 'https://docs.mistral.ai/api',
      hosts: ['api.mistral.ai', 'codestral.mistral.ai'],
      features: {
        modelTypes: ['chat', 'embedding'],
        streamOptions: false,
        streamUsageByDefault: true,
        maxTokensField: 'max_tokens',
        unsupportedChatFields: ['logprobs', 'top_logprobs', 'logit_bias', 'user'],
      },
    });
  }

  protected override adjustChatRequest(request: ChatCompletionRequest): ChatCompletionRequest {
    const out = { ...request };
    if (out.tool_choice === 'required') out.tool_choice = 'any';
    if (out.seed !== undefined) {
      out['random_seed'] = out.seed;
      delete out.seed;
    }
    return out;
  }

  override shapeEmbeddingRequest(request: EmbeddingRequest): EmbeddingRequest {
    const out: EmbeddingRequest = { ...request };
    if (out.dimensions !== undefined) {
      out['output_dimension'] = out.dimensions;
      delete out.dimensions;
    }
    return out;
  }

  override mapError(response: ErrorResponse, context: { endpoint: Endpoint; target: string; apiKey?: string }): UpstreamFailure {
    const body = readProviderError(response.text);
    if (body.type === 'invalid_model') {
      const message = scrubProviderMessage(body.message, context.apiKey);
      return failure(
        'http',
        ERROR_CODES.modelNotFound,
        `Mistral does not know this model (${response.status}).${message ? ` The provider said: "${message}"` : ''}`,
        false,
        { httpStatus: response.status, providerCode: body.type },
      );
    }
    return super.mapError(response, context);
  }
}
