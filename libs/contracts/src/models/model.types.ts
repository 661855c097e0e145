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
 * experiments and runs; `budgets:read` / `budgets:write` read and change budgets (`/v1/budgets`).
 * A key can never grant a scope it does not hold itself.
 */
export const API_KEY_SCOPES = [
  'models:read',
  'models:write',
  'deployments:read',
  'deployments:write',
  'inference',
  'usage:read',
  'api-keys:manage',
  'experiments:read',
  'experiments:write',
  'budgets:read',
  'budgets:write',
] as const;
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];
