import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { type FieldError, MODEL_RULES, MODEL_TYPES, type ModelType, type Region, pricingErrors, ruleSchema } from '@model-garden/contracts';
import { Type } from 'class-transformer';
import { IsObject, IsOptional, ValidateIf, ValidateNested } from 'class-validator';
import { type HasCrossFieldRules } from '../../shared/registry-validation.pipe';
import { FollowsRule } from '../../shared/validation.util';
import { IsOutboundBaseUrl } from './is-outbound-base-url.validator';
import { PricingDto } from './pricing.dto';

/** `POST /v1/models`. Each field keeps its rule of `MODEL_RULES` (`@model-garden/contracts`), as the studio's form does. */
export class CreateModelDto implements HasCrossFieldRules {
  @ApiProperty({ ...ruleSchema(MODEL_RULES.type), example: 'chat' })
  @FollowsRule(MODEL_RULES.type)
  type!: ModelType;

  @ApiProperty({
    ...ruleSchema(MODEL_RULES.baseUrl),
    example: 'https://api.groq.com/openai/v1',
    description: 'Absolute http(s) URL without user info, query or fragment. Loopback, private, link-local and metadata addresses are refused unless OUTBOUND_ALLOWLIST opens them.',
  })
  @IsOutboundBaseUrl()
  baseUrl!: string;

  @ApiProperty({ ...ruleSchema(MODEL_RULES.apiKey), writeOnly: true, example: 'gsk_...', description: 'The provider API key. Write-only: stored encrypted, shown as apiKeyHint.' })
  @FollowsRule(MODEL_RULES.apiKey)
  apiKey!: string;

  @ApiProperty({ ...ruleSchema(MODEL_RULES.name), example: 'Llama 3.1 8B (Groq)' })
  @FollowsRule(MODEL_RULES.name)
  name!: string;

  @ApiProperty({ ...ruleSchema(MODEL_RULES.modelId), example: 'llama-3.1-8b-instant', description: "The provider's model identifier" })
  @FollowsRule(MODEL_RULES.modelId)
  modelId!: string;

  @ApiPropertyOptional({
    ...ruleSchema(MODEL_RULES.key),
    example: 'llama-3.1-8b-instant',
    description: 'Unique in the workspace; defaults to a slug of modelId. Part of the ref `<workspace>@openailike/<key>`.',
  })
  @ValidateIf((_, value) => value !== undefined)
  @FollowsRule(MODEL_RULES.key)
  key?: string;

  @ApiProperty({ ...ruleSchema(MODEL_RULES.region), example: 'us' })
  @FollowsRule(MODEL_RULES.region)
  region!: Region;

  @ApiPropertyOptional({ ...ruleSchema(MODEL_RULES.description), nullable: true })
  @IsOptional()
  @FollowsRule(MODEL_RULES.description)
  description?: string | null;

  @ApiPropertyOptional({ ...ruleSchema(MODEL_RULES.maxTokens), nullable: true, example: 4096, description: 'Default and ceiling for output tokens' })
  @IsOptional()
  @FollowsRule(MODEL_RULES.maxTokens)
  maxTokens?: number | null;

  @ApiPropertyOptional({ ...ruleSchema(MODEL_RULES.temperature), nullable: true, example: 0.7, description: 'Default temperature' })
  @IsOptional()
  @FollowsRule(MODEL_RULES.temperature)
  temperature?: number | null;

  @ApiPropertyOptional({ type: PricingDto, nullable: true })
  @IsOptional()
  @IsObject({ message: 'pricing must be an object' })
  @ValidateNested()
  @Type(() => PricingDto)
  pricing?: PricingDto | null;

  crossFieldErrors(): FieldError[] {
    return MODEL_TYPES.includes(this.type) ? pricingErrors(this.type, this.pricing) : [];
  }
}
