import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  type CapabilityMatrix,
  CHECK_STATUSES,
  CHECK_PROGRESS_STATES,
  type CheckProgress,
  type CheckProgressState,
  type CheckResult,
  type CheckStatus,
  type CheckSuggestion,
  SUGGESTION_FIELDS,
  type SuggestionField,
  type ValidationProgress,
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

export class CheckSuggestionDto implements CheckSuggestion {
  @ApiProperty({ example: 'http://127.0.0.1:3003/v1 answers like an OpenAI-compatible API: the base URL is missing /v1. Use http://127.0.0.1:3003/v1.' })
  message!: string;
  @ApiPropertyOptional({ enum: SUGGESTION_FIELDS, description: 'Set when the fix is one field: PATCH the model with { [field]: value }' })
  field?: SuggestionField;
  @ApiPropertyOptional({ example: 'http://127.0.0.1:3003/v1' })
  value?: string;
}

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
  @ApiPropertyOptional({ type: CheckSuggestionDto, description: 'A fix the validator found (probed where a call can prove it), beside the message' })
  suggestion?: CheckSuggestionDto;
}

export class CheckProgressDto implements CheckProgress {
  @ApiProperty({ example: 'connectivity' })
  name!: string;
  @ApiProperty({ enum: CHECK_PROGRESS_STATES, description: 'running once started; its result once finished; retrying when it failed and the attempt runs again' })
  state!: CheckProgressState;
  @ApiPropertyOptional({ example: 3 })
  latencyMs?: number;
  @ApiPropertyOptional({ example: 404 })
  httpStatus?: number;
  @ApiPropertyOptional({ example: 'provider_unreachable' })
  code?: string;
  @ApiPropertyOptional({ example: 'The connection to 127.0.0.1:1 (127.0.0.1) failed (ECONNREFUSED).' })
  message?: string;
  @ApiPropertyOptional({ type: CheckSuggestionDto })
  suggestion?: CheckSuggestionDto;
}

export class ValidationProgressDto implements ValidationProgress {
  @ApiProperty({ example: 2 })
  revision!: number;
  @ApiProperty({ example: 1, description: 'Attempt n (1-based) of maxAttempts' })
  attempt!: number;
  @ApiProperty({ example: 5 })
  maxAttempts!: number;
  @ApiProperty({ example: 6, description: 'Orders the progress of an attempt' })
  sequence!: number;
  @ApiProperty({ type: [CheckProgressDto], description: 'The checks of this attempt, in the order they started' })
  checks!: CheckProgressDto[];
  @ApiProperty({ type: String, nullable: true, format: 'date-time', description: 'When the next attempt runs, while a retry is scheduled' })
  nextAttemptAt!: string | null;
  @ApiProperty({ format: 'date-time' })
  updatedAt!: string;
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
  @ApiProperty({
    type: ValidationProgressDto,
    nullable: true,
    description: "The live progress of the current revision's validation: each check as it starts, passes, fails or is retried. null before the first step and for public models.",
  })
  progress!: ValidationProgressDto | null;
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
