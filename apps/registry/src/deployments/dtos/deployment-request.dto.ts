import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  type CreateDeploymentRequest,
  DEPLOYMENT_RULES,
  type DeploymentRouting,
  type FieldError,
  PAGE_RULES,
  RESPONSE_CACHE,
  type PublishDeploymentRequest,
  type RestoreDeploymentVersionRequest,
  ruleSchema,
  type VariantInput,
} from '@model-garden/contracts';
import { Type } from 'class-transformer';
import { Allow, IsOptional } from 'class-validator';
import { type HasCrossFieldRules } from '../../shared/registry-validation.pipe';
import { FollowsRule } from '../../shared/validation.util';
import { parseDeploymentInput } from '../deployment-input.util';

const VARIANT_EXAMPLE: VariantInput = {
  key: 'concise',
  model: 'acme@openailike/llama-3-1-8b',
  messages: [
    { role: 'system', content: 'You answer customers of {{company}} in {{language}}, in two sentences at most.' },
    { role: 'user', content: '{{question}}' },
  ],
  variables: [
    { name: 'company', required: true },
    { name: 'language', required: false, default: 'English' },
    { name: 'question', required: true },
  ],
  parameters: { temperature: 0.2, maxTokens: 300 },
  retry: { count: 2, onCodes: [429, 503] },
  fallbacks: [{ model: 'groq/llama-3.1-8b-instant' }],
  timeout: { callTimeoutMs: 30000 },
};

const ROUTING_EXAMPLE: DeploymentRouting = {
  rules: [
    { name: 'enterprise', conditions: [{ field: 'plan', operator: 'eq', value: 'enterprise' }], variant: 'detailed' },
    { name: 'a/b', conditions: [], split: [{ variant: 'concise', percent: 50 }, { variant: 'detailed', percent: 50 }] },
  ],
  defaultVariant: 'concise',
};

const VARIANTS_DESCRIPTION =
  'One to ten variants. Each: `key`; `model` (a private model by id, key or `<workspace>@openailike/<key>`, or a public `provider/model`); ' +
  '`messages` (role system, developer, user or assistant; content a string or parts `{"type": "text", "text"}` / `{"type": "image_url", "imageUrl": {"url", "detail"}}`), ' +
  'whose strings may hold `{{variable}}` placeholders (Mustache variables only, no HTML escaping); `variables` (`name`, `required`, `default`, `description`), ' +
  'every variable used declared and every declared one used; `parameters` (`temperature`, `maxTokens`, `topP`, `frequencyPenalty`, `presencePenalty`, `seed`, `stop`, ' +
  '`responseFormat` `{"type": "text" | "json_object"}` or `{"type": "json_schema", "jsonSchema": {"name", "schema", "strict"}}`, `tools`, `toolChoice`); ' +
  '`retry` (`count` 0-5, `onCodes`); `fallbacks` (`[{"model"}]`, at most 5, same model type); `timeout` (`callTimeoutMs`).';

const ROUTING_DESCRIPTION =
  'Optional (default: every call to the first variant). `rules` are tried in order; a rule holds when all its `conditions` hold on the call\'s `context` ' +
  '(`field` with dots for nested fields, `operator` eq, ne, in, nin, gt, gte, lt, lte or exists, `value`), and sends the call to `variant` or splits it by `split` ' +
  '(`[{"variant", "percent"}]` adding up to 100), sticky by a stable hash of `identity.id` or of the context field `stickyBy`. `defaultVariant` takes the rest.';

const CACHE_EXAMPLE = { type: RESPONSE_CACHE.type, ttl: RESPONSE_CACHE.defaultTtlSeconds };

const CACHE_DESCRIPTION =
  `The exact-match response cache of this version's /v2/deployments/invoke and /stream calls: \`{"type": "exact_match", "ttl"}\`, ttl in seconds ` +
  `(default ${RESPONSE_CACHE.defaultTtlSeconds}, at most ${RESPONSE_CACHE.maxTtlSeconds}). Keyed by the deployment, its version, the routed variant's model and the rendered request; ` +
  'absent or null: calls are not cached. Part of the version: a publish without it turns the cache off. ' +
  'POST /v1/deployments/{key}/cache/invalidate makes every cached answer a miss.';

/** Problems of the whole body, named by path (the pipe adds them to the DTO's own). */
function bodyProblems(body: object, withKey: boolean): FieldError[] {
  return parseDeploymentInput({ ...body }, withKey).problems;
}

/** `POST /v1/deployments`. */
export class CreateDeploymentDto implements CreateDeploymentRequest, HasCrossFieldRules {
  @ApiProperty({ ...ruleSchema(DEPLOYMENT_RULES.key), example: 'customer-support', description: 'Unique in the workspace; what clients pass as `key` to /v2/deployments/invoke' })
  @Allow()
  key!: string;

  @ApiPropertyOptional({ ...ruleSchema(DEPLOYMENT_RULES.description), nullable: true, example: 'Answers customer questions on the help page' })
  @Allow()
  description?: string | null;

  @ApiProperty({ type: 'array', items: { type: 'object' }, example: [VARIANT_EXAMPLE], description: VARIANTS_DESCRIPTION })
  @Allow()
  variants!: VariantInput[];

  @ApiPropertyOptional({ type: 'object', additionalProperties: true, example: ROUTING_EXAMPLE, description: ROUTING_DESCRIPTION })
  @Allow()
  routing?: Partial<DeploymentRouting>;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true, nullable: true, example: CACHE_EXAMPLE, description: CACHE_DESCRIPTION })
  @Allow()
  cache?: { type: 'exact_match'; ttl?: number } | null;

  @ApiPropertyOptional({ ...ruleSchema(DEPLOYMENT_RULES.note), nullable: true, example: 'First version', description: 'Why this version was published' })
  @Allow()
  note?: string | null;

  crossFieldErrors(): FieldError[] {
    return bodyProblems(this, true);
  }
}

/** `PUT /v1/deployments/{key}`: the whole new configuration. */
export class PublishDeploymentDto implements PublishDeploymentRequest, HasCrossFieldRules {
  @ApiPropertyOptional({ ...ruleSchema(DEPLOYMENT_RULES.description), nullable: true, description: 'Left unchanged when absent' })
  @Allow()
  description?: string | null;

  @ApiProperty({ type: 'array', items: { type: 'object' }, example: [VARIANT_EXAMPLE], description: VARIANTS_DESCRIPTION })
  @Allow()
  variants!: VariantInput[];

  @ApiPropertyOptional({ type: 'object', additionalProperties: true, example: ROUTING_EXAMPLE, description: ROUTING_DESCRIPTION })
  @Allow()
  routing?: Partial<DeploymentRouting>;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true, nullable: true, example: CACHE_EXAMPLE, description: CACHE_DESCRIPTION })
  @Allow()
  cache?: { type: 'exact_match'; ttl?: number } | null;

  @ApiPropertyOptional({ ...ruleSchema(DEPLOYMENT_RULES.note), nullable: true, example: 'Shorter answers', description: 'Why this version was published' })
  @Allow()
  note?: string | null;

  crossFieldErrors(): FieldError[] {
    return bodyProblems(this, false);
  }
}

/** `POST /v1/deployments/{key}/versions/{n}/restore`. */
export class RestoreDeploymentVersionDto implements RestoreDeploymentVersionRequest {
  @ApiPropertyOptional({ ...ruleSchema(DEPLOYMENT_RULES.restoreNote), nullable: true, description: 'Default: "Restored from version n: <its note>"' })
  @IsOptional()
  @FollowsRule(DEPLOYMENT_RULES.restoreNote)
  note?: string | null;
}

/** Items per page of `GET /v1/deployments` and `GET /v1/deployments/{key}/versions` when `limit` is absent. */
export const DEPLOYMENT_PAGE_DEFAULT = 50;

/** `GET /v1/deployments` and `GET /v1/deployments/{key}/versions`. */
export class DeploymentPageQueryDto {
  @ApiPropertyOptional({ ...ruleSchema(PAGE_RULES.limit), default: DEPLOYMENT_PAGE_DEFAULT })
  @IsOptional()
  @Type(() => Number)
  @FollowsRule(PAGE_RULES.limit)
  limit?: number;

  @ApiPropertyOptional({ ...ruleSchema(PAGE_RULES.cursor), description: 'nextCursor of the previous page' })
  @IsOptional()
  @FollowsRule(PAGE_RULES.cursor)
  cursor?: string;
}
