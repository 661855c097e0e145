import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  type CreateDeploymentRequest,
  DEPLOYMENT_KEY_PATTERN,
  type DeploymentRouting,
  type FieldError,
  type PublishDeploymentRequest,
  type RestoreDeploymentVersionRequest,
  type VariantInput,
} from '@model-garden/contracts';
import { Type } from 'class-transformer';
import { Allow, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { type HasCrossFieldRules } from '../../shared/registry-validation.pipe';
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

/** Problems of the whole body, named by path (the pipe adds them to the DTO's own). */
function bodyProblems(body: object, withKey: boolean): FieldError[] {
  return parseDeploymentInput({ ...body }, withKey).problems;
}

/** `POST /v1/deployments`. */
export class CreateDeploymentDto implements CreateDeploymentRequest, HasCrossFieldRules {
  @ApiProperty({ pattern: DEPLOYMENT_KEY_PATTERN.source, example: 'customer-support', description: 'Unique in the workspace; what clients pass as `key` to /v2/deployments/invoke' })
  @Allow()
  key!: string;

  @ApiPropertyOptional({ maxLength: 500, nullable: true, example: 'Answers customer questions on the help page' })
  @Allow()
  description?: string | null;

  @ApiProperty({ type: 'array', items: { type: 'object' }, example: [VARIANT_EXAMPLE], description: VARIANTS_DESCRIPTION })
  @Allow()
  variants!: VariantInput[];

  @ApiPropertyOptional({ type: 'object', additionalProperties: true, example: ROUTING_EXAMPLE, description: ROUTING_DESCRIPTION })
  @Allow()
  routing?: Partial<DeploymentRouting>;

  @ApiPropertyOptional({ maxLength: 500, nullable: true, example: 'First version', description: 'Why this version was published' })
  @Allow()
  note?: string | null;

  crossFieldErrors(): FieldError[] {
    return bodyProblems(this, true);
  }
}

/** `PUT /v1/deployments/{key}`: the whole new configuration. */
export class PublishDeploymentDto implements PublishDeploymentRequest, HasCrossFieldRules {
  @ApiPropertyOptional({ maxLength: 500, nullable: true, description: 'Left unchanged when absent' })
  @Allow()
  description?: string | null;

  @ApiProperty({ type: 'array', items: { type: 'object' }, example: [VARIANT_EXAMPLE], description: VARIANTS_DESCRIPTION })
  @Allow()
  variants!: VariantInput[];

  @ApiPropertyOptional({ type: 'object', additionalProperties: true, example: ROUTING_EXAMPLE, description: ROUTING_DESCRIPTION })
  @Allow()
  routing?: Partial<DeploymentRouting>;

  @ApiPropertyOptional({ maxLength: 500, nullable: true, example: 'Shorter answers', description: 'Why this version was published' })
  @Allow()
  note?: string | null;

  crossFieldErrors(): FieldError[] {
    return bodyProblems(this, false);
  }
}

/** `POST /v1/deployments/{key}/versions/{n}/restore`. */
export class RestoreDeploymentVersionDto implements RestoreDeploymentVersionRequest {
  @ApiPropertyOptional({ maxLength: 500, nullable: true, description: 'Default: "Restored from version n: <its note>"' })
  @IsOptional()
  @IsString({ message: 'note must be a string' })
  @MaxLength(500, { message: 'note must be at most 500 characters' })
  note?: string | null;
}

/** `GET /v1/deployments` and `GET /v1/deployments/{key}/versions`. */
export class DeploymentPageQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'limit must be a whole number' })
  @Min(1, { message: 'limit must be between 1 and 200' })
  @Max(200, { message: 'limit must be between 1 and 200' })
  limit?: number;

  @ApiPropertyOptional({ description: 'nextCursor of the previous page' })
  @IsOptional()
  @IsString({ message: 'cursor must be a string' })
  @MaxLength(500, { message: 'cursor must be at most 500 characters' })
  cursor?: string;
}
