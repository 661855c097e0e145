/**
 * The registry's `/v1/deployments` shapes as the studio reads them. They mirror the
 * deployments branch's `libs/contracts/src/deployments` (in progress there); when it
 * is merged this file re-exports those types instead of declaring them.
 */

export const DEPLOYMENT_KEY_PATTERN = /^[a-z0-9](?:[a-z0-9._-]{0,62}[a-z0-9])?$/;
export const VARIANT_KEY_PATTERN = /^[A-Za-z0-9](?:[A-Za-z0-9._-]{0,62}[A-Za-z0-9])?$/;
export const TEMPLATE_VARIABLE_PATTERN = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

export const TEMPLATE_MESSAGE_ROLES = ['system', 'developer', 'user', 'assistant'] as const;
export type TemplateMessageRole = (typeof TEMPLATE_MESSAGE_ROLES)[number];

export type TemplateContentPart = { type: 'text'; text: string } | { type: 'image_url'; imageUrl: { url: string; detail?: 'auto' | 'low' | 'high' } };

export interface TemplateMessage {
  role: TemplateMessageRole;
  content: string | TemplateContentPart[];
}

export interface TemplateVariable {
  name: string;
  required: boolean;
  default?: string | null;
  description?: string | null;
}

export interface FunctionTool {
  type: 'function';
  function: { name: string; description?: string; parameters?: Record<string, unknown>; strict?: boolean };
}

export type ToolChoice = 'auto' | 'none' | 'required' | { type: 'function'; function: { name: string } };

export type ResponseFormat =
  | { type: 'text' }
  | { type: 'json_object' }
  | { type: 'json_schema'; jsonSchema: { name: string; description?: string; strict?: boolean; schema: Record<string, unknown> } };

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
  count: number;
  onCodes?: number[];
}

export interface VariantInput {
  key: string;
  model: string;
  messages: TemplateMessage[];
  variables?: TemplateVariable[];
  parameters?: VariantParameters;
  retry?: VariantRetry;
  fallbacks?: { model: string }[];
  timeout?: { callTimeoutMs: number };
}

export interface ResolvedModelRef {
  id: string;
  ref: string;
  owner: 'private' | 'public';
  type: string;
  provider: string;
}

export interface VariantView {
  key: string;
  model: ResolvedModelRef;
  messages: TemplateMessage[];
  variables: TemplateVariable[];
  parameters: VariantParameters;
  retry: VariantRetry | null;
  fallbacks: Array<{ model: ResolvedModelRef }>;
  timeout: { callTimeoutMs: number } | null;
}

export const ROUTING_OPERATORS = ['eq', 'ne', 'in', 'nin', 'gt', 'gte', 'lt', 'lte', 'exists'] as const;
export type RoutingOperator = (typeof ROUTING_OPERATORS)[number];
export type RoutingScalar = string | number | boolean;

export interface RoutingCondition {
  field: string;
  operator: RoutingOperator;
  value: RoutingScalar | RoutingScalar[];
}

export interface RoutingRule {
  name?: string;
  conditions: RoutingCondition[];
  variant?: string;
  split?: { variant: string; percent: number }[];
  stickyBy?: string;
}

export interface DeploymentRouting {
  rules: RoutingRule[];
  defaultVariant: string;
}

export interface DeploymentVersionView {
  variants: VariantView[];
  routing: DeploymentRouting;
  version: number;
  note: string | null;
  publishedBy: string;
  publishedAt: string;
  restoredFrom: number | null;
}

export interface DeploymentVersionSummary {
  version: number;
  note: string | null;
  publishedBy: string;
  publishedAt: string;
  restoredFrom: number | null;
  variants: string[];
  current: boolean;
}

export type DeploymentHealthStatus = 'healthy' | 'degraded' | 'failing';

export interface VariantHealthIssue {
  variant: string;
  model: string;
  role: 'model' | 'fallback';
  status: string;
  reason: string;
}

export interface DeploymentHealth {
  status: DeploymentHealthStatus;
  issues: VariantHealthIssue[];
}

export interface DeploymentView {
  id: string;
  key: string;
  description: string | null;
  currentVersion: number;
  current: DeploymentVersionView;
  health: DeploymentHealth;
  createdAt: string;
  updatedAt: string;
}

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
  nextCursor: string | null;
}

export interface DeploymentVersionListPage {
  data: DeploymentVersionSummary[];
  nextCursor: string | null;
}

export interface CreateDeploymentRequest {
  key: string;
  description?: string | null;
  variants: VariantInput[];
  routing?: Partial<DeploymentRouting>;
  note?: string | null;
}

export interface PublishDeploymentRequest {
  description?: string | null;
  variants: VariantInput[];
  routing?: Partial<DeploymentRouting>;
  note?: string | null;
}

export const DEPLOYMENT_HEADERS = {
  version: 'x-model-garden-deployment-version',
  variant: 'x-model-garden-deployment-variant',
  deployment: 'x-model-garden-deployment',
} as const;
