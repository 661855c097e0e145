import {
  CHECK_PROGRESS_STATES,
  type CheckProgress,
  type CheckProgressState,
  type CheckSuggestion,
  type CheckTransition,
  type ModelValidationProgressData,
  SUGGESTION_FIELDS,
  type SuggestionField,
} from '@model-garden/contracts';
import { BaseCommand } from '@model-garden/platform';
import { Type } from 'class-transformer';
import { IsArray, IsIn, IsInt, IsISO8601, IsNumber, IsOptional, IsString, IsUUID, Min, ValidateIf, ValidateNested } from 'class-validator';

export class CheckSuggestionCommand implements CheckSuggestion {
  @IsString() message!: string;
  @IsOptional() @IsIn(SUGGESTION_FIELDS) field?: SuggestionField;
  @IsOptional() @IsString() value?: string;
}

export class CheckProgressCommand implements CheckProgress {
  @IsString() name!: string;
  @IsIn(CHECK_PROGRESS_STATES) state!: CheckProgressState;
  @IsOptional() @IsNumber() @Min(0) latencyMs?: number;
  @IsOptional() @IsInt() httpStatus?: number;
  @IsOptional() @IsString() code?: string;
  @IsOptional() @IsString() message?: string;
  @IsOptional() @ValidateNested() @Type(() => CheckSuggestionCommand) suggestion?: CheckSuggestionCommand;
}

export class CheckTransitionCommand implements CheckTransition {
  @IsString() check!: string;
  @IsIn(CHECK_PROGRESS_STATES) state!: CheckProgressState;
}

/** A ModelValidationProgress event, checked before it touches a model. */
export class ApplyValidationProgressCommand extends BaseCommand implements ModelValidationProgressData {
  @IsUUID() modelId!: string;
  @IsUUID() workspaceId!: string;
  @IsInt() @Min(1) revision!: number;
  @IsInt() @Min(1) attempt!: number;
  @IsInt() @Min(1) maxAttempts!: number;
  @IsInt() @Min(0) sequence!: number;
  @IsArray() @ValidateNested({ each: true }) @Type(() => CheckTransitionCommand) changes!: CheckTransitionCommand[];
  @IsArray() @ValidateNested({ each: true }) @Type(() => CheckProgressCommand) checks!: CheckProgressCommand[];
  @ValidateIf((_, value) => value !== null) @IsISO8601() nextAttemptAt!: string | null;
  @IsISO8601() at!: string;
}
