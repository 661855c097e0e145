/**
 * Deployments: a named, versioned, routed prompt configuration over private and
 * public models. The registry owns them (`/v1/deployments`, camelCase), the gateway
 * serves them (`/v2/deployments/*`, orq.ai's shapes, snake_case). Browser-safe: the
 * studio imports these types and constants (no `node:` imports in this folder).
 */
import { type ResponseCacheSetting } from '../budgets/response-cache.types';

/** A deployment key: a slug unique in the workspace (`customer-support`). */
export const DEPLOYMENT_KEY_PATTERN = /^[a-z0-9](?:[a-z0-9._-]{0,62}[a-z0-9])?$/;
/** A variant key: unique in the version (`a`, `gpt-4o-mini`, `concise_v2`). */
export const VARIANT_KEY_PATTERN = /^[A-Za-z0-9](?:[A-Za-z0-9._-]{0,62}[A-Za-z0-9])?$/;
/** A template variable name, as written between `{{` and `}}`. */
export const TEMPLATE_VARIABLE_PATTERN = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

/** Limits the registry enforces at publish (and the studio shows). */
export const DEPLOYMENT_LIMITS = {
  variants: 10,
  messages: 50,
  messageChars: 100_000,
  contentParts: 20,
  variables: 50,
  variableDefaultChars: 10_000,
  rules: 50,
  conditions: 20,
  inValues: 100,
  fallbacks: 5,
  tools: 64,
  stop: 4,
  noteChars: 500,
  descriptionChars: 500,
  retryCount: 5,
  callTimeoutMs: 600_000,
  /** Deployment and variant keys, variable names, tool and JSON schema names (the patterns above agree). */
  nameChars: 64,
  /** A variant's or a fallback's model: an id, a key, a ref or a public `provider/model`. */
  modelRefChars: 300,
  imageUrlChars: 10_000,
  variableDescriptionChars: 500,
  stopChars: 200,
  toolDescriptionChars: 1024,
  ruleNameChars: 100,
  retryCodes: 20,
} as const;

export const TEMPLATE_MESSAGE_ROLES = ['system', 'developer', 'user', 'assistant'] as const;
export type TemplateMessageRole = (typeof TEMPLATE_MESSAGE_ROLES)[number];

export interface TemplateTextPart {
  type: 'text';
  text: string;
}

export interface TemplateImagePart {
  type: 'image_url';
  imageUrl: { url: string; detail?: 'auto' | 'low' | 'high' };
}

export type TemplateContentPart = TemplateTextPart | TemplateImagePart;

/** One message of a variant's template; every string may hold `{{variable}}` placeholders. */
export interface TemplateMessage {
  role: TemplateMessageRole;
  content: string | TemplateContentPart[];
}

/** A variable the template uses: required, or with a default used when `inputs` lacks it. */
export interface TemplateVariable {
  name: string;
  required: boolean;
  /** Used when the call's `inputs` lacks the variable (only for `required: false`); empty when absent. */
  default?: string | null;
  description?: string | null;
}

export interface FunctionTool {
  type: 'function';
  function: {
    name: string;
    description?: string;
    /** A JSON Schema object. */
    parameters?: Record<string, unknown>;
    strict?: boolean;
  };
}

export type ToolChoice = 'auto' | 'none' | 'required' | { type: 'function'; function: { name: string } };

export type ResponseFormat =
  | { type: 'text' }
  | { type: 'json_object' }
  | { type: 'json_schema'; jsonSchema: { name: string; description?: string; strict?: boolean; schema: Record<string, unknown> } };

/**
 * The numeric model parameters of a variant with their bounds: the registry's body
 * checks refuse a value outside them (naming `variants[i].parameters.<name>`) and the
 * studio's variant editor checks and labels the same fields with them.
 */
export const VARIANT_NUMBER_PARAMETERS = [
  { name: 'temperature', min: 0, max: 2, integer: false },
  { name: 'maxTokens', min: 1, max: 1_000_000, integer: true },
  { name: 'topP', min: 0, max: 1, integer: false },
  { name: 'frequencyPenalty', min: -2, max: 2, integer: false },
  { name: 'presencePenalty', min: -2, max: 2, integer: false },
  { name: 'seed', min: Number.MIN_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER, integer: true },
] as const satisfies readonly { name: keyof VariantParameters; min: number; max: number; integer: boolean }[];

/** Model parameters of a variant. Temperature and maxTokens default from the model; maxTokens is capped by it. */
export interface VariantParameters {
  temperature?: number;
  maxTokens?: number;
  topP?: number;
  frequencyPenalty?: number;
  presencePenalty?: number;
  seed?: number;
  stop?: string | string[];
  responseFormat?: ResponseFormat;
  tools?: FunctionTool[];
  toolChoice?: ToolChoice;
}

export interface VariantRetry {
  /** Retries of a failed upstream call (0 to DEPLOYMENT_LIMITS.retryCount). */
  count: number;
  /** HTTP statuses retried (and falling back); default 429, 502, 503, 504. */
  onCodes?: number[];
}

export interface VariantFallback {
  /** A model of the workspace (ref, key or id) or a public `provider/model`. */
  model: string;
}

export interface VariantTimeout {
  /** Deadline of one upstream call, in milliseconds. */
  callTimeoutMs: number;
}

/** A variant as written by a client (`POST`/`PUT /v1/deployments`). */
export interface VariantInput {
  key: string;
  /** A model of the workspace (id, key or `<workspace>@openailike/<key>`) or a public `provider/model`. */
  model: string;
  messages: TemplateMessage[];
  variables?: TemplateVariable[];
  parameters?: VariantParameters;
  retry?: VariantRetry;
  fallbacks?: VariantFallback[];
  timeout?: VariantTimeout;
}

/** A model as a published version pins it: what the client wrote, resolved at publish. */
export interface ResolvedModelRef {
  /** The model's id: a UUID for private models, the ref for public ones (what the gateway resolves). */
  id: string;
  /** `<workspace>@openailike/<key>` or `<provider>/<key>` at publish time. */
  ref: string;
  owner: 'private' | 'public';
  /** `chat` or `completion`. */
  type: string;
  /** `openailike` for private models; the catalogue provider for public ones. */
  provider: string;
}

/** A variant as stored in a version: the input with its models resolved and defaults filled in. */
export interface VariantView {
  key: string;
  model: ResolvedModelRef;
  messages: TemplateMessage[];
  variables: TemplateVariable[];
  parameters: VariantParameters;
  retry: VariantRetry | null;
  fallbacks: Array<{ model: ResolvedModelRef }>;
  timeout: VariantTimeout | null;
}

export const ROUTING_OPERATORS = ['eq', 'ne', 'in', 'nin', 'gt', 'gte', 'lt', 'lte', 'exists'] as const;
export type RoutingOperator = (typeof ROUTING_OPERATORS)[number];

export type RoutingScalar = string | number | boolean;

/**
 * One condition on the call's `context`: `field` names a context key (dots reach into
 * objects: `user.plan`). `eq`/`ne` compare a scalar, `in`/`nin` a list of scalars,
 * `gt`/`gte`/`lt`/`lte` numbers, `exists` is `true` (present and not null) or `false`.
 */
export interface RoutingCondition {
  field: string;
  operator: RoutingOperator;
  value: RoutingScalar | RoutingScalar[];
}

export interface RoutingSplit {
  variant: string;
  /** Whole or decimal percentage; a rule's splits add up to 100. */
  percent: number;
}

/**
 * A routing rule: when every condition holds (an empty list always holds) the call
 * goes to `variant`, or to one of `split` by a stable hash of `identity.id` (or of the
 * context field `stickyBy`), so the same identity always gets the same variant.
 */
export interface RoutingRule {
  name?: string;
  conditions: RoutingCondition[];
  variant?: string;
  split?: RoutingSplit[];
  /** A context field to hash instead of `identity.id` (dots reach into objects). */
  stickyBy?: string;
}

export interface DeploymentRouting {
  /** Tried in order; the first rule whose conditions all hold decides. */
  rules: RoutingRule[];
  /** Where calls go that no rule takes. */
  defaultVariant: string;
}

/** What a version snapshots: everything the gateway needs to serve a call. */
export interface DeploymentConfig {
  variants: VariantView[];
  routing: DeploymentRouting;
  /**
   * The exact-match response cache of `/v2/deployments/invoke` and `/stream`: absent or
   * null, calls are not cached. Part of the version like the variants: publishing a new
   * version (a new key) or restoring an old one brings its own setting.
   */
  cache?: ResponseCacheSetting | null;
}

export interface DeploymentVersionView extends DeploymentConfig {
  version: number;
  note: string | null;
  /** Id of the API key that published it. */
  publishedBy: string;
  publishedAt: string;
  /** The version this one restored, when it was published by a restore. */
  restoredFrom: number | null;
}

/** A version in a list, without its configuration. */
export interface DeploymentVersionSummary {
  version: number;
  note: string | null;
  publishedBy: string;
  publishedAt: string;
  restoredFrom: number | null;
  variants: string[];
  current: boolean;
}

export const DEPLOYMENT_HEALTH = ['healthy', 'degraded', 'failing'] as const;
export type DeploymentHealthStatus = (typeof DEPLOYMENT_HEALTH)[number];

/** A variant whose model (or one of its fallbacks) is not fully in service. */
export interface VariantHealthIssue {
  variant: string;
  /** The model ref concerned (the variant's model or a fallback). */
  model: string;
  role: 'model' | 'fallback';
  /** The model's status: `failed`, `degraded`, `validating`, `unavailable` or `missing`. */
  status: string;
  reason: string;
}

/**
 * `healthy`: every model serves. `degraded`: some model is degraded, or a variant's
 * model cannot serve but a fallback can. `failing`: some variant has no model that can serve.
 */
export interface DeploymentHealth {
  status: DeploymentHealthStatus;
  issues: VariantHealthIssue[];
}

export interface DeploymentView {
  id: string;
  key: string;
  description: string | null;
  currentVersion: number;
  /** The current version's configuration. */
  current: DeploymentVersionView;
  health: DeploymentHealth;
  createdAt: string;
  updatedAt: string;
}

/** A deployment in a list: the current version's variants by key, not the whole configuration. */
export interface DeploymentSummaryView {
  id: string;
  key: string;
  description: string | null;
  currentVersion: number;
  variants: Array<{ key: string; model: string }>;
  health: DeploymentHealth;
  createdAt: string;
  updatedAt: string;
}

export interface DeploymentListPage {
  data: DeploymentSummaryView[];
  /** Pass as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
}

export interface DeploymentVersionListPage {
  data: DeploymentVersionSummary[];
  nextCursor: string | null;
}

/** `POST /v1/deployments` (201, version 1). */
export interface CreateDeploymentRequest {
  key: string;
  description?: string | null;
  variants: VariantInput[];
  /** Optional: without it every call goes to the first variant. */
  routing?: Partial<DeploymentRouting>;
  /** `{type: "exact_match", ttl?}` caches the version's calls; absent or null: no cache. */
  cache?: { type: 'exact_match'; ttl?: number } | null;
  note?: string | null;
}

/** `PUT /v1/deployments/{key}`: publishes a new version (the whole configuration). */
export interface PublishDeploymentRequest {
  description?: string | null;
  variants: VariantInput[];
  routing?: Partial<DeploymentRouting>;
  /** The new version's cache setting (not carried over: absent or null means no cache). */
  cache?: { type: 'exact_match'; ttl?: number } | null;
  note?: string | null;
}

/** `POST /v1/deployments/{key}/versions/{n}/restore`: publishes a copy of version n. */
export interface RestoreDeploymentVersionRequest {
  note?: string | null;
}

/** Response headers of `/v2/deployments/invoke` and `/stream`: which version and variant served. */
export const DEPLOYMENT_HEADERS = {
  version: 'x-model-garden-deployment-version',
  variant: 'x-model-garden-deployment-variant',
  deployment: 'x-model-garden-deployment',
} as const;
