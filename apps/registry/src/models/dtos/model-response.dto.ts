import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  type CapabilityMatrix,
  CHECK_STATUSES,
  type CheckResult,
  type CheckStatus,
  type ListedModelStatus,
  MODEL_OWNERS,
  MODEL_TYPES,
  type ModelListPage,
  type ModelOwner,
  type ModelType,
  type ModelValidationView,
  type ModelView,
  REGIONS,
  type Region,
} from '@model-garden/contracts';
import { PricingDto } from './pricing.dto';
import { LISTED_STATUSES } from './list-models.query.dto';

export class CheckResultDto implements CheckResult {
  @ApiProperty({ example: 'chat.tools' })
  name!: string;
  @ApiProperty({ enum: CHECK_STATUSES })
  status!: CheckStatus;
  @ApiProperty({ example: 212 })
  latencyMs!: number;
  @ApiPropertyOptional({ example: 200 })
  httpStatus?: number;
  @ApiProperty({ example: 'ok' })
  code!: string;
  @ApiProperty({ example: 'The model called the function with valid arguments.' })
  message!: string;
}

export class CapabilitiesDto implements CapabilityMatrix {
  @ApiPropertyOptional() chat?: boolean;
  @ApiPropertyOptional() streaming?: boolean;
  @ApiPropertyOptional() streamUsage?: boolean;
  @ApiPropertyOptional() functionCalling?: boolean;
  @ApiPropertyOptional() structuredOutput?: boolean;
  @ApiPropertyOptional() vision?: boolean;
  @ApiPropertyOptional() completion?: boolean;
  @ApiPropertyOptional() embedding?: boolean;
  @ApiPropertyOptional() embeddingDimension?: number;
  @ApiPropertyOptional() imageGeneration?: boolean;
}

export class ModelValidationDto implements ModelValidationView {
  @ApiProperty({ type: [CheckResultDto] })
  checks!: CheckResultDto[];
  @ApiProperty({ type: CapabilitiesDto })
  capabilities!: CapabilitiesDto;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' })
  validatedAt!: string | null;
}

/** A model as every response shows it: never the API key, at most its hint. */
export class ModelResponseDto implements ModelView {
  @ApiProperty({ description: 'UUID (private) or the ref (public)', example: '0b6f1c5e-3a0e-4a47-9d53-6e1d2f1b9d10' })
  id!: string;
  @ApiProperty({ example: 'acme@openailike/llama-3.1-8b-instant', description: '`<workspace>@openailike/<key>` (private) or `<provider>/<key>` (public)' })
  ref!: string;
  @ApiProperty({ example: 'llama-3.1-8b-instant' })
  key!: string;
  @ApiProperty({ enum: MODEL_OWNERS })
  owner!: ModelOwner;
  @ApiProperty({ example: 'openailike' })
  provider!: string;
  @ApiProperty()
  name!: string;
  @ApiProperty({ type: String, nullable: true })
  description!: string | null;
  @ApiProperty({ enum: MODEL_TYPES })
  type!: ModelType;
  @ApiProperty()
  baseUrl!: string;
  @ApiProperty({ description: "The provider's model identifier" })
  modelId!: string;
  @ApiProperty({ enum: REGIONS })
  region!: Region;
  @ApiProperty({ type: Number, nullable: true })
  maxTokens!: number | null;
  @ApiProperty({ type: Number, nullable: true })
  temperature!: number | null;
  @ApiProperty({ type: PricingDto, nullable: true })
  pricing!: PricingDto | null;
  @ApiProperty({ type: String, nullable: true, example: 'gsk_…abcd', description: 'Masked provider key; null for public models' })
  apiKeyHint!: string | null;
  @ApiProperty({ enum: LISTED_STATUSES })
  status!: ListedModelStatus;
  @ApiProperty({ type: String, nullable: true })
  statusMessage!: string | null;
  @ApiProperty({ description: 'Public models: enabled in this workspace. Private models: always true.' })
  enabled!: boolean;
  @ApiProperty({ example: 1, description: 'Bumped by changes that need re-validation' })
  revision!: number;
  @ApiProperty({ type: ModelValidationDto, nullable: true })
  validation!: ModelValidationDto | null;
  @ApiProperty({ format: 'date-time' })
  createdAt!: string;
  @ApiProperty({ format: 'date-time' })
  updatedAt!: string;
}

export class ModelListResponseDto implements ModelListPage {
  @ApiProperty({ type: [ModelResponseDto] })
  data!: ModelResponseDto[];
  @ApiProperty({ type: String, nullable: true })
  nextCursor!: string | null;
}
