import {
  type ApiKeyScope,
  type CapabilityMatrix,
  type CheckResult,
  type ModelOwner,
  type ValidationProgress,
  type ModelPricing,
  type ModelStatus,
  type ModelType,
  type Region,
} from '../models/model.types';

/**
 * Shapes of the registry's REST API (`/v1/*`), for tools and services that call it
 * (the stack's `npm run up`, the studio, end-to-end tests). The registry's DTOs
 * implement these; its OpenAPI document (`/docs-json`) is the reference.
 */

/** The status of a model as listed: private models use MODEL_STATUSES; a public one is `unavailable` without credentials or when disabled. */
export type ListedModelStatus = ModelStatus | 'unavailable';

/** Provider name of private models in refs and gRPC answers. */
export const PRIVATE_MODEL_PROVIDER = 'openailike';

export interface ModelValidationView {
  checks: CheckResult[];
  capabilities: CapabilityMatrix;
  /** ISO-8601; null for public models (not validated by this platform). */
  validatedAt: string | null;
}

export interface ModelView {
  /** A UUID for private models; the ref (`provider/key`) for public ones. */
  id: string;
  /** `<workspace slug>@openailike/<key>` for private models, `<provider>/<key>` for public ones. */
  ref: string;
  key: string;
  owner: ModelOwner;
  /** `openailike` for private models, the catalogue provider otherwise. */
  provider: string;
  name: string;
  description: string | null;
  type: ModelType;
  baseUrl: string;
  /** The provider's model identifier. */
  modelId: string;
  region: Region;
  maxTokens: number | null;
  temperature: number | null;
  pricing: ModelPricing | null;
  /** `sk-…abcd` at most; null for public models. */
  apiKeyHint: string | null;
  status: ListedModelStatus;
  /** Why the model is failed, degraded or unavailable; null otherwise. */
  statusMessage: string | null;
  /** Public models: whether this workspace uses it. Private models: always true. */
  enabled: boolean;
  revision: number;
  validation: ModelValidationView | null;
  /**
   * The live progress of the current revision's validation (each check as it starts,
   * passes, fails or is retried); null before the first progress event and for public models.
   */
  progress: ValidationProgress | null;
  createdAt: string;
  updatedAt: string;
}

export interface ModelListPage {
  data: ModelView[];
  /** Pass as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
}

/** A workspace's access to the operator's public models: set by an operator, or the default (PUBLIC_MODELS_ACCESS_DEFAULT). */
export const PUBLIC_MODELS_ACCESS = ['enabled', 'disabled', 'default'] as const;
export type PublicModelsAccess = (typeof PUBLIC_MODELS_ACCESS)[number];

export interface WorkspaceView {
  id: string;
  slug: string;
  name: string;
  /** The operator's setting for this workspace (`default`: PUBLIC_MODELS_ACCESS_DEFAULT). */
  publicModelsAccess: PublicModelsAccess;
  /** Whether the workspace may use public models now (the setting, or the default it follows). */
  publicModelsEnabled: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface ApiKeyView {
  id: string;
  workspaceId: string;
  label: string;
  /** The public part of the key (`mgk_<prefix>_…`), for recognising it. */
  prefix: string;
  scopes: ApiKeyScope[];
  expiresAt: string | null;
  revokedAt: string | null;
  lastUsedAt: string | null;
  createdAt: string;
}

/** An API key as created: the only time `key` (the secret) is shown. */
export interface CreatedApiKeyView extends ApiKeyView {
  key: string;
}

/** `POST /v1/workspaces` (201). */
export interface CreateWorkspaceResponse {
  workspace: WorkspaceView;
  apiKey: CreatedApiKeyView;
}

/**
 * `hour`: one group per UTC hour (ranges up to 31 days).
 * `model,day`: one group per model and UTC day (a time series per model in one request).
 * `deployment`, `deployment,version`, `deployment,variant`: calls made through
 * deployments, per deployment key, per key and version, per key and variant (calls
 * made without a deployment are left out of these groups).
 */
export const USAGE_GROUP_BY = ['model', 'day', 'hour', 'model,day', 'deployment', 'deployment,version', 'deployment,variant'] as const;
export type UsageGroupBy = (typeof USAGE_GROUP_BY)[number];

export interface UsageFigures {
  requests: number;
  errors: number;
  inputTokens: number;
  outputTokens: number;
  images: number;
  costUsd: number;
  latencyMs: { p50: number | null; p95: number | null; p99: number | null };
}

export interface UsageGroup extends UsageFigures {
  /**
   * groupBy=model: the model ref (and id); groupBy=day: the UTC day `YYYY-MM-DD`; groupBy=hour: the UTC hour `YYYY-MM-DDTHH:00Z`; groupBy=model,day: `<day> <model ref>`;
   * groupBy=deployment: the key; deployment,version: `<key> v<n>`; deployment,variant: `<key>/<variant>`.
   */
  key: string;
  modelId?: string;
  modelRef?: string;
  day?: string;
  /** groupBy=hour: the UTC hour `YYYY-MM-DDTHH:00Z`. */
  hour?: string;
  /** groupBy=deployment…: the deployment key. */
  deploymentKey?: string;
  /** groupBy=deployment,version: the version that served. */
  deploymentVersion?: number;
  /** groupBy=deployment,variant: the variant that served. */
  deploymentVariant?: string;
}

/** Status classes the drill-down filters on: `2xx`, `4xx`, `5xx`, ... */
export const USAGE_STATUS_CLASSES = ['1xx', '2xx', '3xx', '4xx', '5xx'] as const;
export type UsageStatusClass = (typeof USAGE_STATUS_CLASSES)[number];

/** One request of `GET /v1/usage/requests` (raw records: kept USAGE_RAW_RETENTION_DAYS). */
export interface UsageRequestView {
  requestId: string;
  occurredAt: string;
  apiKeyId: string;
  modelId: string;
  modelRef: string;
  endpoint: string;
  status: number;
  errorCode: string | null;
  inputTokens: number;
  outputTokens: number;
  images: number;
  estimated: boolean;
  costUsd: number;
  latencyMs: number;
  streamed: boolean;
  deploymentKey: string | null;
  deploymentVersion: number | null;
  deploymentVariant: string | null;
}

/** `GET /v1/usage/requests`: newest first. */
export interface UsageRequestsPage {
  data: UsageRequestView[];
  /** Pass as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
}

/** `GET /v1/usage`. */
export interface UsageReport {
  from: string;
  to: string;
  groupBy: UsageGroupBy;
  totals: UsageFigures;
  groups: UsageGroup[];
}
