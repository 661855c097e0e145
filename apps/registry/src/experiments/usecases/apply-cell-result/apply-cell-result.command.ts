import { type CellError, type CellOutcomeStatus, type EvaluatorScore } from '@model-garden/contracts';
import { Type } from 'class-transformer';
import { IsArray, IsBoolean, IsIn, IsInt, IsISO8601, IsNumber, IsObject, IsOptional, IsString, IsUUID, Length, MaxLength, Min, ValidateIf, ValidateNested } from 'class-validator';
import { BaseCommand } from '@model-garden/platform';

/** Longest answer stored per cell (the worker cuts longer ones and says so). */
export const MAX_CELL_OUTPUT = 200_000;

export class EvaluatorScoreCommand implements EvaluatorScore {
  @IsString() @Length(1, 100) evaluatorId!: string;
  @ValidateIf((_, v) => v !== null) @IsNumber({ allowNaN: false, allowInfinity: false }) @Min(0) score!: number | null;
  @ValidateIf((_, v) => v !== null) @IsBoolean() passed!: boolean | null;
  @IsString() @MaxLength(5_000) reason!: string;
  @ValidateIf((_, v) => v !== null) @IsString() @MaxLength(5_000) error!: string | null;
}

export class CellErrorCommand implements CellError {
  @IsString() @Length(1, 100) code!: string;
  @IsString() @MaxLength(5_000) message!: string;
}

/** ExperimentCellCompleted as the registry accepts it. */
export class ApplyCellResultCommand extends BaseCommand {
  @IsUUID() runId!: string;
  @IsUUID() workspaceId!: string;
  @IsUUID() cellId!: string;
  @IsInt() @Min(1) attempt!: number;
  @IsIn(['completed', 'failed']) status!: CellOutcomeStatus;
  @ValidateIf((_, v) => v !== null) @IsString() @MaxLength(MAX_CELL_OUTPUT) output!: string | null;
  @ValidateIf((_, v) => v !== null) @IsString() @MaxLength(64) finishReason!: string | null;
  @ValidateIf((_, v) => v !== null) @IsNumber({ allowNaN: false, allowInfinity: false }) @Min(0) latencyMs!: number | null;
  @ValidateIf((_, v) => v !== null) @IsNumber({ allowNaN: false, allowInfinity: false }) @Min(0) ttftMs!: number | null;
  @ValidateIf((_, v) => v !== null) @IsInt() @Min(0) inputTokens!: number | null;
  @ValidateIf((_, v) => v !== null) @IsInt() @Min(0) outputTokens!: number | null;
  @ValidateIf((_, v) => v !== null) @IsNumber({ allowNaN: false, allowInfinity: false }) @Min(0) costUsd!: number | null;
  @IsArray() @ValidateNested({ each: true }) @Type(() => EvaluatorScoreCommand) scores!: EvaluatorScoreCommand[];
  @IsOptional() @ValidateIf((_, v) => v !== null) @IsObject() @ValidateNested() @Type(() => CellErrorCommand) error!: CellErrorCommand | null;
  @IsISO8601() completedAt!: string;
}
