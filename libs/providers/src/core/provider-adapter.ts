import { type ModelType } from '@model-garden/contracts';
import { type Capability, type Endpoint } from './capability';
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
} from './openai-shapes';
import { type ResponseHeaders } from '../transport/http-call';
import { type UpstreamFailure } from './upstream-failure';

/** What differs between OpenAI-compatible providers, as data the gateway and the probes can read. */
export interface ProviderFeatures {
  /** Model types this provider serves through its OpenAI-compatible API. */
  readonly modelTypes: readonly ModelType[];
  /**
   * Whether `stream_options: {"include_usage": true}` may be sent. When false the
   * adapter strips it (and the provider either sends usage anyway or not at all).
   */
  readonly streamOptions: boolean;
  /** Whether a stream carries usage in its last chunk without being asked. */
  readonly streamUsageByDefault: boolean;
  /** Whether `GET /models` lists the models a key can call. */
  readonly listsModels: boolean;
  /** The field a request's output token limit is written in. */
  readonly maxTokensField: 'max_tokens' | 'max_completion_tokens';
  /** Chat request fields the provider refuses; the adapter removes them. */
  readonly unsupportedChatFields: readonly string[];
}

/** A non-2xx answer, as the adapter's error mapping sees it. */
export interface ErrorResponse {
  status: number;
  headers: ResponseHeaders;
  text: string;
}

/** A parse result: the value, or why the 2xx body is not what the API promises. */
export type Parsed<T> = { ok: true; value: T } | { ok: false; reason: string };

/**
 * One provider's view of the OpenAI-compatible API: where each endpoint is, how a
 * request must be shaped for it, how its answers and errors read. The validator's
 * probes and the gateway both go through it, so a provider's quirk lives in one place.
 */
export interface ProviderAdapter {
  /** Stable id, e.g. `groq`; `openai-compatible` for the generic adapter. */
  readonly id: string;
  /** For people, e.g. `Groq`. */
  readonly name: string;
  /** The documentation the quirks follow. */
  readonly docsUrl: string;
  /** Hosts this adapter serves (exact host or any subdomain of it). Empty for the generic adapter. */
  readonly hosts: readonly string[];
  /**
   * Well-known prefixes of this provider's API keys (`gsk_` for Groq): a key with one of
   * them sent to another provider's host gets a hint. Empty when keys have no telling prefix.
   */
  readonly keyPrefixes: readonly string[];
  /** The base URL its documentation gives, for hints; undefined for the generic adapter. */
  readonly defaultBaseUrl?: string;
  readonly features: ProviderFeatures;

  /** The full URL of an endpoint under a base URL (`https://api.groq.com/openai/v1` + `/chat/completions`). */
  url(baseUrl: string, endpoint: Endpoint): string;
  /** Request headers, including the credential. */
  headers(apiKey: string): Record<string, string>;

  /** A standard OpenAI chat request rewritten for this provider (token field, tool choice, refused fields, stream options). */
  shapeChatRequest(request: ChatCompletionRequest): ChatCompletionRequest;
  shapeCompletionRequest(request: CompletionRequest): CompletionRequest;
  shapeEmbeddingRequest(request: EmbeddingRequest): EmbeddingRequest;
  shapeImageRequest(request: ImageGenerationRequest): Record<string, unknown>;
  /** The smallest output token budget that proves a capability on this model. */
  probeMaxTokens(model: string, capability: Capability): number;

  parseModelList(json: unknown): Parsed<string[]>;
  parseChatCompletion(json: unknown): Parsed<ChatCompletionResult>;
  parseChatStreamChunk(json: unknown): Parsed<ChatStreamChunk>;
  parseCompletion(json: unknown): Parsed<CompletionResult>;
  parseEmbeddings(json: unknown): Parsed<EmbeddingResult>;
  parseImages(json: unknown): Parsed<ImageResult>;
  /**
   * The token usage an answer or a stream chunk reports, wherever this provider puts it
   * (OpenAI's `usage`; Groq's older `x_groq.usage`), or undefined when absent or malformed.
   * The gateway reads usage only through this, so a provider's quirk stays in its folder.
   */
  readUsage(json: unknown): TokenUsage | undefined;

  /** A non-2xx answer as a coded failure (credential, model not found, rate limit, ...). */
  mapError(response: ErrorResponse, context: { endpoint: Endpoint; target: string; apiKey?: string }): UpstreamFailure;
}
