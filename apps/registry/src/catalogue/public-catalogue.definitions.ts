import { MODEL_KEY_PATTERN, MODEL_TYPES, type ModelType, REGIONS, type Region } from '@model-garden/contracts';
import { Type } from 'class-transformer';
import { ArrayNotEmpty, IsBoolean, IsIn, IsInt, IsNumber, IsObject, IsOptional, IsString, IsUrl, Matches, Max, Min, ValidateNested } from 'class-validator';
import { PUBLIC_PROVIDER_KEY_VARS, type PublicProviderKeyVar } from '../config/registry.config';

/** The shape of `public-models.json`, checked when the registry starts. */
export class PublicPricingDefinition {
  @IsOptional() @IsNumber() @Min(0) inputPerMillionTokens?: number;
  @IsOptional() @IsNumber() @Min(0) outputPerMillionTokens?: number;
  @IsOptional() @IsNumber() @Min(0) perImage?: number;
}

export class PublicCapabilitiesDefinition {
  @IsOptional() @IsBoolean() chat?: boolean;
  @IsOptional() @IsBoolean() streaming?: boolean;
  @IsOptional() @IsBoolean() streamUsage?: boolean;
  @IsOptional() @IsBoolean() functionCalling?: boolean;
  @IsOptional() @IsBoolean() structuredOutput?: boolean;
  @IsOptional() @IsBoolean() vision?: boolean;
  @IsOptional() @IsBoolean() completion?: boolean;
  @IsOptional() @IsBoolean() embedding?: boolean;
  @IsOptional() @IsInt() @Min(1) embeddingDimension?: number;
  @IsOptional() @IsBoolean() imageGeneration?: boolean;
}

export class PublicModelDefinition {
  @Matches(MODEL_KEY_PATTERN) key!: string;
  @IsString() modelId!: string;
  @IsString() name!: string;
  @IsIn(MODEL_TYPES) type!: ModelType;
  @IsOptional() @IsString() description?: string;
  @IsOptional() @IsInt() @Min(1) @Max(1_000_000) maxTokens?: number;
  @IsObject() @ValidateNested() @Type(() => PublicPricingDefinition) pricing!: PublicPricingDefinition;
  @IsObject() @ValidateNested() @Type(() => PublicCapabilitiesDefinition) capabilities!: PublicCapabilitiesDefinition;
}

export class PublicProviderDefinition {
  @Matches(/^[a-z0-9][a-z0-9-]{0,31}$/) id!: string;
  @IsString() name!: string;
  @IsUrl({ protocols: ['https'], require_tld: true, require_protocol: true }) baseUrl!: string;
  @IsIn(PUBLIC_PROVIDER_KEY_VARS) credentialEnv!: PublicProviderKeyVar;
  @IsIn(REGIONS) region!: Region;
  @IsOptional() @IsString() pricingUrl?: string;
  @ArrayNotEmpty() @ValidateNested({ each: true }) @Type(() => PublicModelDefinition) models!: PublicModelDefinition[];
}

export class PublicCatalogueFile {
  @Matches(/^\d{4}-\d{2}-\d{2}$/) pricesCheckedAt!: string;
  @ArrayNotEmpty() @ValidateNested({ each: true }) @Type(() => PublicProviderDefinition) providers!: PublicProviderDefinition[];
}

/** One public model with its provider, as the registry serves it. */
export interface PublicModel {
  /** `<provider>/<key>`: id and ref at once. */
  ref: string;
  provider: PublicProviderDefinition;
  model: PublicModelDefinition;
}
