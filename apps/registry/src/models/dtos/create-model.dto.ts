import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { type FieldError, MODEL_TYPES, type ModelType, REGIONS, type Region } from '@model-garden/contracts';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsNumber, IsObject, IsOptional, IsString, Length, Matches, Max, MaxLength, Min, ValidateIf, ValidateNested } from 'class-validator';
import { type HasCrossFieldRules } from '../../shared/registry-validation.pipe';
import { MODEL_KEY_PATTERN, pricingErrors } from '../model-rules.util';
import { IsOutboundBaseUrl } from './is-outbound-base-url.validator';
import { PricingDto } from './pricing.dto';

export const NO_SPACES = /^\S+$/;
export const HAS_TEXT = /\S/;

/** `POST /v1/models`. */
export class CreateModelDto implements HasCrossFieldRules {
  @ApiProperty({ enum: MODEL_TYPES, example: 'chat' })
  @IsIn(MODEL_TYPES, { message: `type must be one of: ${MODEL_TYPES.join(', ')}` })
  type!: ModelType;

  @ApiProperty({
    example: 'https://api.groq.com/openai/v1',
    maxLength: 2048,
    description: 'Absolute http(s) URL without user info, query or fragment. Loopback, private, link-local and metadata addresses are refused unless OUTBOUND_ALLOWLIST opens them.',
  })
  @IsOutboundBaseUrl()
  baseUrl!: string;

  @ApiProperty({ writeOnly: true, example: 'gsk_...', maxLength: 1024, description: 'The provider API key. Write-only: stored encrypted, shown as apiKeyHint.' })
  @IsString({ message: 'apiKey must be a string' })
  @Length(1, 1024, { message: 'apiKey must be 1 to 1024 characters' })
  @Matches(NO_SPACES, { message: 'apiKey must not contain spaces' })
  apiKey!: string;

  @ApiProperty({ minLength: 1, maxLength: 100, example: 'Llama 3.1 8B (Groq)' })
  @IsString({ message: 'name must be a string' })
  @Length(1, 100, { message: 'name must be 1 to 100 characters' })
  @Matches(HAS_TEXT, { message: 'name must not be blank' })
  name!: string;

  @ApiProperty({ maxLength: 200, example: 'llama-3.1-8b-instant', description: "The provider's model identifier" })
  @IsString({ message: 'modelId must be a string' })
  @Length(1, 200, { message: 'modelId must be 1 to 200 characters' })
  @Matches(NO_SPACES, { message: 'modelId must not contain spaces' })
  modelId!: string;

  @ApiPropertyOptional({
    maxLength: 64,
    pattern: MODEL_KEY_PATTERN.source,
    example: 'llama-3.1-8b-instant',
    description: 'Unique in the workspace; defaults to a slug of modelId. Part of the ref `<workspace>@openailike/<key>`.',
  })
  @ValidateIf((_, value) => value !== undefined)
  @IsString({ message: 'key must be a string' })
  @Matches(MODEL_KEY_PATTERN, { message: 'key must be a slug of 1 to 64 lower-case letters, digits, ".", "_" or "-", starting and ending with a letter or digit' })
  key?: string;

  @ApiProperty({ enum: REGIONS, example: 'us' })
  @IsIn(REGIONS, { message: `region must be one of: ${REGIONS.join(', ')}` })
  region!: Region;

  @ApiPropertyOptional({ maxLength: 500, nullable: true })
  @IsOptional()
  @IsString({ message: 'description must be a string' })
  @MaxLength(500, { message: 'description must be at most 500 characters' })
  description?: string | null;

  @ApiPropertyOptional({ minimum: 1, maximum: 1_000_000, nullable: true, example: 4096, description: 'Default and ceiling for output tokens' })
  @IsOptional()
  @IsInt({ message: 'maxTokens must be an integer' })
  @Min(1, { message: 'maxTokens must be at least 1' })
  @Max(1_000_000, { message: 'maxTokens must be at most 1000000' })
  maxTokens?: number | null;

  @ApiPropertyOptional({ minimum: 0, maximum: 2, nullable: true, example: 0.7, description: 'Default temperature' })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'temperature must be a number' })
  @Min(0, { message: 'temperature must be between 0 and 2' })
  @Max(2, { message: 'temperature must be between 0 and 2' })
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
