/**
 * The OpenAI API request shapes Model Garden builds and forwards (chat, legacy
 * completions, embeddings, images), typed for what Model Garden reads and writes,
 * open (`[field: string]: unknown`) for what it passes through untouched.
 * Reference: platform.openai.com/docs/api-reference.
 */
export type JsonObject = Record<string, unknown>;

export interface TextPart {
  type: 'text';
  text: string;
}

export interface ImagePart {
  type: 'image_url';
  image_url: { url: string; detail?: 'auto' | 'low' | 'high' };
}

export type ContentPart = TextPart | ImagePart | ({ type: string } & JsonObject);

export interface ChatMessage {
  role: 'system' | 'developer' | 'user' | 'assistant' | 'tool';
  content: string | ContentPart[] | null;
  name?: string;
  tool_call_id?: string;
  tool_calls?: unknown[];
  [field: string]: unknown;
}

export interface FunctionTool {
  type: 'function';
  function: { name: string; description?: string; parameters?: JsonObject; strict?: boolean };
}

/** OpenAI's values; adapters translate them to a provider's own (Mistral's `any`). */
export type ToolChoice = 'none' | 'auto' | 'required' | 'any' | { type: 'function'; function: { name: string } };

export type ResponseFormat =
  | { type: 'text' }
  | { type: 'json_object' }
  | { type: 'json_schema'; json_schema: { name: string; schema: JsonObject; strict?: boolean; description?: string } };

export interface ChatCompletionRequest {
  model: string;
  messages: ChatMessage[];
  max_tokens?: number;
  max_completion_tokens?: number;
  stream?: boolean;
  stream_options?: { include_usage?: boolean } | null;
  tools?: FunctionTool[];
  tool_choice?: ToolChoice;
  parallel_tool_calls?: boolean;
  response_format?: ResponseFormat;
  temperature?: number;
  top_p?: number;
  n?: number;
  seed?: number;
  stop?: string | string[];
  logprobs?: boolean;
  top_logprobs?: number;
  logit_bias?: Record<string, number>;
  user?: string;
  [field: string]: unknown;
}

export interface CompletionRequest {
  model: string;
  prompt: string | string[];
  max_tokens?: number;
  temperature?: number;
  stream?: boolean;
  stream_options?: { include_usage?: boolean } | null;
  [field: string]: unknown;
}

export interface EmbeddingRequest {
  model: string;
  input: string | string[];
  encoding_format?: 'float' | 'base64';
  dimensions?: number;
  [field: string]: unknown;
}

export interface ImageGenerationRequest {
  model: string;
  prompt: string;
  n?: number;
  size?: string;
  response_format?: 'url' | 'b64_json';
  quality?: string;
  [field: string]: unknown;
}

/** Token counts as OpenAI reports them. */
export interface TokenUsage {
  promptTokens: number;
  completionTokens: number;
  totalTokens: number;
}

export interface ToolCall {
  id?: string;
  name: string;
  /** The raw JSON text of the arguments. */
  arguments: string;
}

/** A chat completion (or its stream, assembled) reduced to what callers read. */
export interface ChatCompletionResult {
  text: string;
  toolCalls: ToolCall[];
  finishReason?: string;
  usage?: TokenUsage;
}

/** One streamed chunk reduced to what callers read. */
export interface ChatStreamChunk {
  textDelta: string;
  /** Tool call fragments by index: names arrive once, arguments in pieces. */
  toolCallDeltas: Array<{ index: number; id?: string; name?: string; argumentsDelta: string }>;
  finishReason?: string;
  usage?: TokenUsage;
}

export interface CompletionResult {
  text: string;
  finishReason?: string;
  usage?: TokenUsage;
}

export interface EmbeddingResult {
  vectors: number[][];
  usage?: TokenUsage;
}

export interface ImageResult {
  images: Array<{ b64?: string; url?: string }>;
}
