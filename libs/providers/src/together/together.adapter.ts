import { ERROR_CODES } from '@model-garden/contracts';
import { type Endpoint } from '../core/capability';
import { type ImageGenerationRequest } from '../core/openai-shapes';
import { type ErrorResponse } from '../core/provider-adapter';
import { failure, type UpstreamFailure } from '../core/upstream-failure';
import { OpenAiCompatibleAdapter } from '../open-ai-base/open-ai-base.adapter';
import { readProviderError, scrubProviderMessage } from '../open-ai-base/open-ai-base.errors';

const SIZE = /^(\d{2,5})x(\d{2,5})$/;

/**
 * Together AI (https://api.together.xyz/v1, also https://api.together.ai/v1).
 *
 * Followed: docs.together.ai/docs/inference/openai-compatibility (chat, vision, tools,
 * response_format, legacy completions, embeddings and image generation are served on
 * the OpenAI paths) and the `POST /images/generations` reference
 * (docs.together.ai/reference/post-images-generations): the size is `width` and
 * `height` in pixels, not OpenAI's `size: "WxH"`, and `response_format` is
 * `base64 | url`, not `b64_json | url`; the answer's `data[]` items carry `b64_json` or
 * `url` as OpenAI's do. `GET /models` answers a bare JSON array of model objects rather
 * than `{"data": [...]}`; the base parser accepts both.
 *
 * Errors: an unknown model is OpenAI's 404 `model_not_found`; a model Together only
 * serves on a dedicated endpoint is a 400 `model_not_available` ("Unable to access
 * non-serverless model ..."), and a stopped dedicated endpoint a 400
 * `dedicated_endpoint_not_running` (both seen in HeyPuter/puter#3168). Neither gets
 * better by retrying, so both are permanent, with what to do.
 */
export class TogetherAdapter extends OpenAiCompatibleAdapter {
  constructor() {
    super({
      id: 'together',
      name: 'Together AI',
      docsUrl: 'https://docs.together.ai/docs/inference/openai-compatibility',
      hosts: ['api.together.xyz', 'api.together.ai'],
      // Keys issued since 2025 start with `tgp_v1_` (api.together.ai/settings/api-keys).
      keyPrefixes: ['tgp_v1_'],
      defaultBaseUrl: 'https://api.together.xyz/v1',
      features: { modelTypes: ['chat', 'completion', 'embedding', 'image'], streamOptions: true },
    });
  }

  override shapeImageRequest(request: ImageGenerationRequest): Record<string, unknown> {
    const { size, response_format: format, ...rest } = request;
    const out: Record<string, unknown> = { ...rest };
    const match = size === undefined ? null : SIZE.exec(size);
    if (match) {
      out['width'] = Number(match[1]);
      out['height'] = Number(match[2]);
    }
    if (format !== undefined) out['response_format'] = format === 'b64_json' ? 'base64' : format;
    return out;
  }

  override mapError(response: ErrorResponse, context: { endpoint: Endpoint; target: string; apiKey?: string }): UpstreamFailure {
    const body = readProviderError(response.text);
    const said = scrubProviderMessage(body.message, context.apiKey);
    const extra = { httpStatus: response.status, providerCode: body.code };
    if (body.code === 'model_not_available') {
      return failure(
        'http',
        ERROR_CODES.modelNotFound,
        `Together serves this model only on a dedicated endpoint (${response.status}). Start one in the Together console and use its model ID.${said ? ` The provider said: "${said}"` : ''}`,
        false,
        extra,
      );
    }
    if (body.code === 'dedicated_endpoint_not_running') {
      return failure(
        'http',
        ERROR_CODES.providerError,
        `The Together dedicated endpoint for this model is not running (${response.status}). Start it, then validate again.${said ? ` The provider said: "${said}"` : ''}`,
        false,
        extra,
      );
    }
    return super.mapError(response, context);
  }
}
