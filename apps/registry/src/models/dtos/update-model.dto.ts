import { ApiPropertyOptional } from '@nestjs/swagger';
import { type FieldError, MODEL_TYPES, type ModelType, REGIONS, type Region } from '@model-garden/contracts';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsNumber, IsObject, IsOptional, IsString, Length, Matches, Max, MaxLength, Min, ValidateIf, ValidateNested } from 'class-validator';
import { type HasCrossFieldRules } from '../../shared/registry-validation.pipe';
import { MODEL_KEY_PATTERN, pricingErrors } from '../model-rules.util';
import { HAS_TEXT, NO_SPACES } from './create-model.dto';
import { IsOutboundBaseUrl } from './is-outbound-base-url.validator';
import { PricingDto } from './pricing.dto';

const present = (_: object, value: unknown): boolean => value !== undefined;

/**
 * `PATCH /v1/models/{id}`: only the fields sent change. A change of baseUrl,
 * modelId, type or apiKey bumps the revision and re-validates; the others do not.
 * `null` clears description, maxTokens, temperature and pricing.
 */
export class UpdateModelDto implements HasCrossFieldRules {
  @ApiPropertyOptional({ enum: MODEL_TYPES })
  @ValidateIf(present)
  @IsIn(MODEL_TYPES, { message: `type must be one of: ${MODEL_TYPES.join(', ')}` })
  type?: ModelType;

  @ApiPropertyOptional({ example: 'https://api.groq.com/openai/v1', maxLength: 2048 })
  @ValidateIf(present)
  @IsOutboundBaseUrl()
  baseUrl?: string;

  @ApiPropertyOptional({ writeOnly: true, maxLength: 1024, description: 'A new provider API key (same as PUT /v1/models/{id}/api-key)' })
  @ValidateIf(present)
  @IsString({ message: 'apiKey must be a string' })
  @Length(1, 1024, { message: 'apiKey must be 1 to 1024 characters' })
  @Matches(NO_SPACES, { message: 'apiKey must not contain spaces' })
  apiKey?: string;

  @ApiPropertyOptional({ minLength: 1, maxLength: 100 })
  @ValidateIf(present)
  @IsString({ message: 'name must be a string' })
  @Length(1, 100, { message: 'name must be 1 to 100 characters' })
  @Matches(HAS_TEXT, { message: 'name must not be blank' })
  name?: string;

  @ApiPropertyOptional({ maxLength: 200 })
  @ValidateIf(present)
  @IsString({ message: 'modelId must be a string' })
  @Length(1, 200, { message: 'modelId must be 1 to 200 characters' })
  @Matches(NO_SPACES, { message: 'modelId must not contain spaces' })
  modelId?: string;

  @ApiPropertyOptional({ maxLength: 64, pattern: MODEL_KEY_PATTERN.source })
  @ValidateIf(present)
  @IsString({ message: 'key must be a string' })
  @Matches(MODEL_KEY_PATTERN, { message: 'key must be a slug of 1 to 64 lower-case letters, digits, ".", "_" or "-", starting and ending with a letter or digit' })
  key?: string;

  @ApiPropertyOptional({ enum: REGIONS })
  @ValidateIf(present)
  @IsIn(REGIONS, { message: `region must be one of: ${REGIONS.join(', ')}` })
  region?: Region;

  @ApiPropertyOptional({ maxLength: 500, nullable: true })
  @IsOptional()
  @IsString({ message: 'description must be a string' })
  @MaxLength(500, { message: 'description must be at most 500 characters' })
  description?: string | null;

  @ApiPropertyOptional({ minimum: 1, maximum: 1_000_000, nullable: true })
  @IsOptional()
  @IsInt({ message: 'maxTokens must be an integer' })
  @Min(1, { message: 'maxTokens must be at least 1' })
  @Max(1_000_000, { message: 'maxTokens must be at most 1000000' })
  maxTokens?: number | null;

  @ApiPropertyOptional({ minimum: 0, maximum: 2, nullable: true })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'temperature must be a number' })
  @Min(0, { message: 'temperature must be between 0 and 2' })
  @Max(2, { message: 'temperature must be between 0 and 2' })
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
