import { MODEL_TYPES } from '@model-garden/contracts';
import { type Capability, type Endpoint, unknownCapability } from '../core/capability';
import {
  type ChatCompletionRequest,
  type ChatCompletionResult,
  type ChatStreamChunk,
  type CompletionRequest,
  type CompletionResult,
  type EmbeddingRequest,
  type EmbeddingResult,
  type ImageGenerationRequest,
  type ImageResult,
  type TokenUsage,
} from '../core/openai-shapes';
import { type ErrorResponse, type Parsed, type ProviderAdapter, type ProviderFeatures } from '../core/provider-adapter';
import { type UpstreamFailure } from '../core/upstream-failure';
import { mapOpenAiError } from './open-ai-base.errors';
import * as responses from './open-ai-base.responses';

/** Paths of the endpoints under a base URL that ends in the API version (`.../v1`). */
export const OPENAI_ENDPOINT_PATHS: Readonly<Record<Endpoint, string>> = {
  'chat.completions': '/chat/completions',
  completions: '/completions',
  embeddings: '/embeddings',
  'images.generations': '/images/generations',
  models: '/models',
};

/** What a server that follows OpenAI's API reference supports. */
export const OPENAI_COMPATIBLE_FEATURES: ProviderFeatures = {
  modelTypes: MODEL_TYPES,
  streamOptions: true,
  streamUsageByDefault: false,
  listsModels: true,
  maxTokensField: 'max_tokens',
  unsupportedChatFields: [],
};

export interface OpenAiCompatibleOptions {
  id: string;
  name: string;
  docsUrl: string;
  hosts?: readonly string[];
  keyPrefixes?: readonly string[];
  defaultBaseUrl?: string;
  features?: Partial<ProviderFeatures>;
}

/**
 * The OpenAI-compatible base: endpoints, Bearer auth, request shaping driven by
 * `features`, OpenAI's response and error shapes. It is also the generic adapter
 * (vLLM, llama.cpp, LM Studio, any custom deployment). A provider folder subclasses
 * it and overrides only what its documentation says differs.
 */
export class OpenAiCompatibleAdapter implements ProviderAdapter {
  readonly id: string;
  readonly name: string;
  readonly docsUrl: string;
  readonly hosts: readonly string[];
  readonly keyPrefixes: readonly string[];
  readonly defaultBaseUrl?: string;
  readonly features: ProviderFeatures;

  constructor(options: OpenAiCompatibleOptions) {
    this.id = options.id;
    this.name = options.name;
    this.docsUrl = options.docsUrl;
    this.hosts = options.hosts ?? [];
    this.keyPrefixes = options.keyPrefixes ?? [];
    if (options.defaultBaseUrl !== undefined) this.defaultBaseUrl = options.defaultBaseUrl;
    this.features = { ...OPENAI_COMPATIBLE_FEATURES, ...options.features };
  }

  url(baseUrl: string, endpoint: Endpoint): string {
    return `${baseUrl.replace(/\/+$/, '')}${OPENAI_ENDPOINT_PATHS[endpoint]}`;
  }

  headers(apiKey: string): Record<string, string> {
    return { authorization: `Bearer ${apiKey}`, 'user-agent': 'model-garden' };
  }

  shapeChatRequest(request: ChatCompletionRequest): ChatCompletionRequest {
    const out: ChatCompletionRequest = { ...request };
    if (this.features.maxTokensField === 'max_completion_tokens') {
      if (out.max_tokens !== undefined && out.max_completion_tokens === undefined) out.max_completion_tokens = out.max_tokens;
      delete out.max_tokens;
    } else if (out.max_completion_tokens !== undefined) {
      out.max_tokens ??= out.max_completion_tokens;
      delete out.max_completion_tokens;
    }
    // OpenAI refuses stream_options on a request that does not stream.
    if (!out.stream || !this.features.streamOptions) delete out.stream_options;
    for (const field of this.features.unsupportedChatFields) delete out[field];
    return this.adjustChatRequest(out);
  }

  /** Hook for a provider's chat quirks beyond what `features` express. */
  protected adjustChatRequest(request: ChatCompletionRequest): ChatCompletionRequest {
    return request;
  }

  shapeCompletionRequest(request: CompletionRequest): CompletionRequest {
    const out: CompletionRequest = { ...request };
    if (!out.stream || !this.features.streamOptions) delete out.stream_options;
    return out;
  }

  shapeEmbeddingRequest(request: EmbeddingRequest): EmbeddingRequest {
    return { ...request };
  }

  shapeImageRequest(request: ImageGenerationRequest): Record<string, unknown> {
    return { ...request };
  }

  probeMaxTokens(_model: string, capability: Capability): number {
    switch (capability) {
      case 'chat.tools':
      case 'chat.structured_output':
        // A function call or a JSON object needs a few more tokens than a short reply.
        return 64;
      case 'chat':
      case 'chat.streaming':
      case 'chat.stream_usage':
      case 'chat.vision':
      case 'completion':
        return 16;
      case 'embedding':
      case 'image':
        return 0;
      default:
        return unknownCapability(capability);
    }
  }

  parseModelList(json: unknown): Parsed<string[]> {
    return responses.parseModelList(json);
  }

  parseChatCompletion(json: unknown): Parsed<ChatCompletionResult> {
    return responses.parseChatCompletion(json);
  }

  parseChatStreamChunk(json: unknown): Parsed<ChatStreamChunk> {
    return responses.parseChatStreamChunk(json);
  }

  parseCompletion(json: unknown): Parsed<CompletionResult> {
    return responses.parseCompletion(json);
  }

  parseEmbeddings(json: unknown): Parsed<EmbeddingResult> {
    return responses.parseEmbeddings(json);
  }

  parseImages(json: unknown): Parsed<ImageResult> {
    return responses.parseImages(json);
  }

  readUsage(json: unknown): TokenUsage | undefined {
    return responses.readUsage(responses.isObject(json) ? json['usage'] : undefined);
  }

  mapError(response: ErrorResponse, context: { endpoint: Endpoint; target: string; apiKey?: string }): UpstreamFailure {
    return mapOpenAiError(response, context);
  }
}

/** The adapter for any server that follows OpenAI's API reference and matches no provider folder. */
export const openAiCompatibleAdapter = new OpenAiCompatibleAdapter({
  id: 'openai-compatible',
  name: 'OpenAI-compatible',
  docsUrl: 'https://platform.openai.com/docs/api-reference',
});
