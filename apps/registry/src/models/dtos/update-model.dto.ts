import { ApiPropertyOptional } from '@nestjs/swagger';
import { type FieldError, MODEL_RULES, MODEL_TYPES, type ModelType, type Region, pricingErrors, ruleSchema } from '@model-garden/contracts';
import { Type } from 'class-transformer';
import { IsObject, IsOptional, ValidateIf, ValidateNested } from 'class-validator';
import { type HasCrossFieldRules } from '../../shared/registry-validation.pipe';
import { FollowsRule } from '../../shared/validation.util';
import { IsOutboundBaseUrl } from './is-outbound-base-url.validator';
import { PricingDto } from './pricing.dto';

const present = (_: object, value: unknown): boolean => value !== undefined;

/**
 * `PATCH /v1/models/{id}`: only the fields sent change. A change of baseUrl,
 * modelId, type or apiKey bumps the revision and re-validates; the others do not.
 * `null` clears description, maxTokens, temperature and pricing. The rules are
 * those of `POST /v1/models` (`MODEL_RULES`).
 */
export class UpdateModelDto implements HasCrossFieldRules {
  @ApiPropertyOptional(ruleSchema(MODEL_RULES.type))
  @ValidateIf(present)
  @FollowsRule(MODEL_RULES.type)
  type?: ModelType;

  @ApiPropertyOptional({ ...ruleSchema(MODEL_RULES.baseUrl), example: 'https://api.groq.com/openai/v1' })
  @ValidateIf(present)
  @IsOutboundBaseUrl()
  baseUrl?: string;

  @ApiPropertyOptional({ ...ruleSchema(MODEL_RULES.apiKey), writeOnly: true, description: 'A new provider API key (same as PUT /v1/models/{id}/api-key)' })
  @ValidateIf(present)
  @FollowsRule(MODEL_RULES.apiKey)
  apiKey?: string;

  @ApiPropertyOptional(ruleSchema(MODEL_RULES.name))
  @ValidateIf(present)
  @FollowsRule(MODEL_RULES.name)
  name?: string;

  @ApiPropertyOptional(ruleSchema(MODEL_RULES.modelId))
  @ValidateIf(present)
  @FollowsRule(MODEL_RULES.modelId)
  modelId?: string;

  @ApiPropertyOptional(ruleSchema(MODEL_RULES.key))
  @ValidateIf(present)
  @FollowsRule(MODEL_RULES.key)
  key?: string;

  @ApiPropertyOptional(ruleSchema(MODEL_RULES.region))
  @ValidateIf(present)
  @FollowsRule(MODEL_RULES.region)
  region?: Region;

  @ApiPropertyOptional({ ...ruleSchema(MODEL_RULES.description), nullable: true })
  @IsOptional()
  @FollowsRule(MODEL_RULES.description)
  description?: string | null;

  @ApiPropertyOptional({ ...ruleSchema(MODEL_RULES.maxTokens), nullable: true })
  @IsOptional()
  @FollowsRule(MODEL_RULES.maxTokens)
  maxTokens?: number | null;

  @ApiPropertyOptional({ ...ruleSchema(MODEL_RULES.temperature), nullable: true })
  @IsOptional()
  @FollowsRule(MODEL_RULES.temperature)
  temperature?: number | null;

  @ApiPropertyOptional({ type: PricingDto, nullable: true, description: 'Replaces the prices as a whole' })
  @IsOptional()
  @IsObject({ message: 'pricing must be an object' })
  @ValidateNested()
  @Type(() => PricingDto)
  pricing?: PricingDto | null;

  /** With the type from the body only; the use case checks again against the stored type. */
  crossFieldErrors(): FieldError[] {
    return this.type && MODEL_TYPES.includes(this.type) ? pricingErrors(this.type, this.pricing) : [];
  }
}
