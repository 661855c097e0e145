/**
 * The deployments vocabulary the studio uses. Types come from libs/contracts (the
 * registry's and gateway's own). The studio may import only types from
 * `@model-garden/contracts` (its index pulls Node modules), so the few values it needs
 * are repeated here, each exactly as in `libs/contracts/src/deployments/deployment.types.ts`;
 * once the contracts' browser-safe entry (`@model-garden/contracts/browser`) exports
 * them, these become imports from there.
 */
export type {
  CreateDeploymentRequest,
  DeploymentHealth,
  DeploymentHealthStatus,
  DeploymentListPage,
  DeploymentRouting,
  DeploymentSummaryView,
  DeploymentVersionListPage,
  DeploymentVersionSummary,
  DeploymentVersionView,
  DeploymentView,
  FunctionTool,
  PublishDeploymentRequest,
  ResolvedModelRef,
  ResponseFormat,
  RoutingCondition,
  RoutingOperator,
  RoutingRule,
  RoutingScalar,
  TemplateContentPart,
  TemplateMessage,
  TemplateMessageRole,
  TemplateVariable,
  ToolChoice,
  VariantHealthIssue,
  VariantInput,
  VariantParameters,
  VariantRetry,
  VariantView,
} from '@model-garden/contracts';

export const DEPLOYMENT_KEY_PATTERN = /^[a-z0-9](?:[a-z0-9._-]{0,62}[a-z0-9])?$/;
export const VARIANT_KEY_PATTERN = /^[A-Za-z0-9](?:[A-Za-z0-9._-]{0,62}[A-Za-z0-9])?$/;
export const TEMPLATE_VARIABLE_PATTERN = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
export const TEMPLATE_MESSAGE_ROLES = ['system', 'developer', 'user', 'assistant'] as const;
export const ROUTING_OPERATORS = ['eq', 'ne', 'in', 'nin', 'gt', 'gte', 'lt', 'lte', 'exists'] as const;
export const DEPLOYMENT_HEADERS = {
  version: 'x-model-garden-deployment-version',
  variant: 'x-model-garden-deployment-variant',
  deployment: 'x-model-garden-deployment',
} as const;
