/** The capability families a model can be built on; each answers one endpoint. */
export const BASE_MODELS = ['mock-chat', 'mock-chat-basic', 'mock-instruct', 'mock-embed', 'mock-image'] as const;
export type BaseModelId = (typeof BASE_MODELS)[number];

export type Endpoint = 'chat.completions' | 'completions' | 'embeddings' | 'images.generations';

export const ENDPOINT_PATHS: Record<Endpoint, string> = {
  'chat.completions': '/v1/chat/completions',
  completions: '/v1/completions',
  embeddings: '/v1/embeddings',
  'images.generations': '/v1/images/generations',
};

export const BASE_ENDPOINT: Record<BaseModelId, Endpoint> = {
  'mock-chat': 'chat.completions',
  'mock-chat-basic': 'chat.completions',
  'mock-instruct': 'completions',
  'mock-embed': 'embeddings',
  'mock-image': 'images.generations',
};

export const FAIL_STATUSES = [429, 500, 502, 503, 504] as const;
export type FailStatus = (typeof FAIL_STATUSES)[number];

/** How a model misbehaves or paces itself; every field optional. See the README's scenario table. */
export interface ModelBehaviour {
  failFirst?: number;
  failStatus?: FailStatus;
  retryAfterSeconds?: number;
  latencyMs?: number;
  hang?: boolean;
  alwaysStream?: boolean;
  chunks?: number;
  chunkDelayMs?: number;
  resetConnection?: boolean;
  malformedJson?: boolean;
  cutStreamAfterChunks?: number;
  /** A hostile upstream: a 200 event stream of bytes that never end an event, until the client goes away. */
  endlessStream?: boolean;
  /** A hostile upstream: successful JSON answers carry a `mock_padding` string of this many bytes, sent without a length. */
  jsonPaddingBytes?: number;
  /** Successful JSON answers report this many prompt tokens (an implausible figure tests usage checks). */
  reportedPromptTokens?: number;
  /** The content type of successful JSON answers (a wrong one tests that callers set their own). */
  successContentType?: string;
}

export interface ModelDefinition extends ModelBehaviour {
  id: string;
  base: BaseModelId;
  /** Shown by `GET /v1/models`. */
  listed: boolean;
  /** `builtin` models are fixed; `scenario` models come and go through the admin API. */
  origin: 'builtin' | 'scenario';
  /** Unix seconds, as OpenAI's model objects carry. */
  created: number;
}

export interface ModelCounters {
  /** Requests that reached this model on its endpoint. */
  calls: number;
  /** Requests whose client went away before the response finished. */
  aborted: number;
  /** Requests answered with an injected fault. */
  faults: number;
}

export interface ModelEntry {
  readonly definition: ModelDefinition;
  readonly counters: ModelCounters;
}
