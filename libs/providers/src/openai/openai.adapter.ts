import { type Capability } from '../core/capability';
import { type ChatCompletionRequest, type ImageGenerationRequest } from '../core/openai-shapes';
import { OpenAiCompatibleAdapter } from '../open-ai-base/open-ai-base.adapter';

/** Reasoning models spend part of the output budget thinking before they write anything. */
const REASONING_MODEL = /^(o\d|gpt-5)/i;
const GPT_IMAGE_MODEL = /^gpt-image/i;

/**
 * OpenAI (https://api.openai.com/v1).
 *
 * Followed: platform.openai.com/docs/api-reference/chat/create: `max_tokens` "is now
 * deprecated in favor of `max_completion_tokens`, and is not compatible with o-series
 * models" (newer models such as gpt-5 refuse it with 400 "Unsupported parameter:
 * 'max_tokens' ... Use 'max_completion_tokens' instead"), so the limit is always sent as
 * `max_completion_tokens`, which every current chat model accepts. `max_completion_tokens`
 * includes reasoning tokens, so reasoning models (o-series, gpt-5) get a larger probe
 * budget, and they refuse a `temperature` other than the default, so it is dropped for them.
 *
 * Images (platform.openai.com/docs/api-reference/images/create): the GPT image models
 * always answer base64 and refuse `response_format`; their smallest size is 1024x1024
 * and `quality: "low"` is the cheapest. `dall-e-2` accepts 256x256; `dall-e-3` needs
 * 1024x1024 at least.
 */
export class OpenAiAdapter extends OpenAiCompatibleAdapter {
  constructor() {
    super({
      id: 'openai',
      name: 'OpenAI',
      docsUrl: 'https://platform.openai.com/docs/api-reference',
      hosts: ['api.openai.com'],
      // Project, service-account and admin keys start with `sk-proj-`, `sk-svcacct-`, `sk-admin-` (platform.openai.com/api-keys); a bare `sk-` is used by too many providers to tell.
      keyPrefixes: ['sk-proj-', 'sk-svcacct-', 'sk-admin-'],
      defaultBaseUrl: 'https://api.openai.com/v1',
      features: { streamOptions: true, maxTokensField: 'max_completion_tokens' },
    });
  }

  protected override adjustChatRequest(request: ChatCompletionRequest): ChatCompletionRequest {
    if (!REASONING_MODEL.test(request.model) || request.temperature === undefined) return request;
    const { temperature: _temperature, ...rest } = request;
    return rest as ChatCompletionRequest;
  }

  override probeMaxTokens(model: string, capability: Capability): number {
    const base = super.probeMaxTokens(model, capability);
    return base > 0 && REASONING_MODEL.test(model) ? 1024 : base;
  }

  override shapeImageRequest(request: ImageGenerationRequest): Record<string, unknown> {
    const out: Record<string, unknown> = { ...request };
    if (GPT_IMAGE_MODEL.test(request.model)) {
      delete out['response_format'];
      out['size'] = '1024x1024';
      out['quality'] ??= 'low';
    } else if (/^dall-e-3/i.test(request.model)) {
      out['size'] = '1024x1024';
    }
    return out;
  }
}
