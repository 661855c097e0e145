import { type CapabilityMatrix, type CheckProgress, type CheckProgressState, type CheckResult, type ModelStatus, type ModelType } from './model.types';

/** Payload of ModelAdded / ModelUpdated / ModelValidationRequested: never the API key. */
export interface ModelChangedData {
  modelId: string;
  workspaceId: string;
  revision: number;
  type: ModelType;
  baseUrl: string;
  /** The provider's model identifier. */
  upstreamModelId: string;
  /** Fields that changed (ModelUpdated only). */
  changed?: string[];
}

/**
 * Fields of ModelChangedData.changed whose change bumps the revision and needs a new
 * validation (the registry's rule); a ModelUpdated naming none of them changed only
 * name, prices or defaults.
 */
export const REVALIDATING_FIELDS = ['type', 'baseUrl', 'modelId', 'apiKey'] as const;

export interface ModelDeletedData {
  modelId: string;
  workspaceId: string;
  revision: number;
}

export interface ModelValidatedData {
  modelId: string;
  workspaceId: string;
  revision: number;
  status: Extract<ModelStatus, 'active' | 'failed'>;
  checks: CheckResult[];
  capabilities: CapabilityMatrix;
  validatedAt: string;
  /** How many attempts the job used. */
  attempts: number;
}

/** One check's change that a progress event reports. */
export interface CheckTransition {
  check: string;
  state: CheckProgressState;
}

/**
 * ModelValidationProgress: a validation's state as a check starts, passes, fails or is
 * retried. Each event carries the whole state of the attempt (`checks`), so applying the
 * newest one is enough; `changes` says what moved since the previous event (several
 * changes when they happened together). Published on the validation topic keyed by model
 * id, before the revision's ModelValidated.
 */
export interface ModelValidationProgressData {
  modelId: string;
  workspaceId: string;
  revision: number;
  attempt: number;
  maxAttempts: number;
  sequence: number;
  changes: CheckTransition[];
  checks: CheckProgress[];
  /** ISO-8601 time of the next attempt when this event reports a retry; null otherwise. */
  nextAttemptAt: string | null;
  /** ISO-8601. */
  at: string;
}

export interface ModelHealthChangedData {
  modelId: string;
  workspaceId: string;
  revision: number;
  status: Extract<ModelStatus, 'active' | 'degraded'>;
  checks: CheckResult[];
  checkedAt: string;
}

export interface ApiKeyRevokedData {
  apiKeyId: string;
  workspaceId: string;
  /** The key's public lookup prefix, so caches keyed by it can drop it. */
  prefix: string;
}

export interface UsageRecordedData {
  requestId: string;
  workspaceId: string;
  apiKeyId: string;
  /** Private model id, or the public ref (`provider/model`). */
  modelId: string;
  modelRef: string;
  endpoint: 'chat.completions' | 'completions' | 'embeddings' | 'images.generations';
  status: number;
  errorCode?: string;
  inputTokens: number;
  outputTokens: number;
  images?: number;
  /** True when tokens were counted by the gateway because the upstream sent no usage. */
  estimated: boolean;
  costUsd: number;
  latencyMs: number;
  streamed: boolean;
  occurredAt: string;
  /** Set when the call came through a deployment (`/v2/deployments/invoke` or `/stream`): its id. */
  deploymentId?: string;
  deploymentKey?: string;
  /** The deployment version that served. */
  deploymentVersion?: number;
  /** The key of the variant that served. */
  deploymentVariant?: string;
}
