/** The vocabulary of a model configuration, shared by registry, validator, gateway and studio. */
export const MODEL_TYPES = ['chat', 'completion', 'embedding', 'image'] as const;
export type ModelType = (typeof MODEL_TYPES)[number];

export const MODEL_STATUSES = ['validating', 'active', 'failed', 'degraded'] as const;
export type ModelStatus = (typeof MODEL_STATUSES)[number];

export const REGIONS = ['us', 'eu'] as const;
export type Region = (typeof REGIONS)[number];

export const MODEL_OWNERS = ['private', 'public'] as const;
export type ModelOwner = (typeof MODEL_OWNERS)[number];

/** What a model was found to support. Absent keys were not tested for its type. */
export interface CapabilityMatrix {
  chat?: boolean;
  streaming?: boolean;
  streamUsage?: boolean;
  functionCalling?: boolean;
  structuredOutput?: boolean;
  vision?: boolean;
  completion?: boolean;
  embedding?: boolean;
  /** Vector dimension recorded by the embedding probe. */
  embeddingDimension?: number;
  imageGeneration?: boolean;
}

export const CHECK_STATUSES = ['pass', 'fail', 'warn', 'skip'] as const;
export type CheckStatus = (typeof CHECK_STATUSES)[number];

/** The outcome of one validation check, as a person reads it. */
export interface CheckResult {
  /** `connectivity`, `authentication`, `model`, or a capability name such as `chat.tools`. */
  name: string;
  status: CheckStatus;
  latencyMs: number;
  httpStatus?: number;
  /** An error code from ERROR_CODES, or `ok`. */
  code: string;
  /** What happened and, when it failed, what to do. */
  message: string;
  /** A fix the validator found (it probed the alternative, or recognised the mistake), beside the message. */
  suggestion?: CheckSuggestion;
}

/** The fields a suggestion may change in one click (`PATCH /v1/models/{id}` with `{ [field]: value }`). */
export const SUGGESTION_FIELDS = ['baseUrl', 'type'] as const;
export type SuggestionField = (typeof SUGGESTION_FIELDS)[number];

/**
 * How to fix what a check found. `field` and `value` are set when the fix is one
 * field's new value (apply it with PATCH); a hint that needs a person (an API key of
 * another provider) has only the message.
 */
export interface CheckSuggestion {
  message: string;
  field?: SuggestionField;
  value?: string;
}

/**
 * Where a check stands while a validation runs: `running` once it started, its final
 * status once it finished, or `retrying` when it failed and the attempt will be run
 * again (its message and code say why).
 */
export const CHECK_PROGRESS_STATES = ['running', 'pass', 'fail', 'warn', 'skip', 'retrying'] as const;
export type CheckProgressState = (typeof CHECK_PROGRESS_STATES)[number];

export interface CheckProgress {
  name: string;
  state: CheckProgressState;
  /** Set once the check finished (or failed). */
  latencyMs?: number;
  httpStatus?: number;
  code?: string;
  message?: string;
  suggestion?: CheckSuggestion;
}

/** The live state of one revision's validation, as the latest progress event left it. */
export interface ValidationProgress {
  revision: number;
  /** 1-based attempt of the validation job, and how many it may use. */
  attempt: number;
  maxAttempts: number;
  /** Increases with every event of an attempt; (attempt, sequence) orders the events of a revision. */
  sequence: number;
  /** The checks of this attempt, in the order they started. */
  checks: CheckProgress[];
  /** ISO-8601 time of the next attempt while one is scheduled; null otherwise. */
  nextAttemptAt: string | null;
  /** ISO-8601 time of the event. */
  updatedAt: string;
}

export interface ModelPricing {
  inputPerMillionTokens?: number;
  outputPerMillionTokens?: number;
  perImage?: number;
}

/**
 * What a workspace API key may do. `api-keys:manage` creates, lists and revokes the
 * workspace's keys; `deployments:read`/`deployments:write` read and publish deployments
 * (`/v1/deployments`); `experiments:read` / `experiments:write` cover datasets, evaluators,
 * experiments and runs. A key can never grant a scope it does not hold itself.
 */
export const API_KEY_SCOPES = ['models:read', 'models:write', 'deployments:read', 'deployments:write', 'inference', 'usage:read', 'api-keys:manage', 'experiments:read', 'experiments:write'] as const;
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];
