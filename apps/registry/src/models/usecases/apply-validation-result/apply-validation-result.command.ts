import { CHECK_STATUSES, type CheckResult, type CheckStatus, type ModelValidatedData } from '@model-garden/contracts';
import { Type } from 'class-transformer';
import { IsArray, IsDate, IsIn, IsInt, IsISO8601, IsNumber, IsObject, IsOptional, IsString, IsUUID, Min, ValidateNested } from 'class-validator';
import { BaseCommand } from '@model-garden/platform';
import { CheckSuggestionCommand } from '../apply-validation-progress/apply-validation-progress.command';

export class CheckResultCommand implements CheckResult {
  @IsString() name!: string;
  @IsIn(CHECK_STATUSES) status!: CheckStatus;
  @IsNumber() @Min(0) latencyMs!: number;
  @IsOptional() @IsInt() httpStatus?: number;
  @IsString() code!: string;
  @IsString() message!: string;
  @IsOptional() @ValidateNested() @Type(() => CheckSuggestionCommand) suggestion?: CheckSuggestionCommand;
}

/** A ModelValidated event, checked before it touches a model. */
export class ApplyValidationResultCommand extends BaseCommand implements Omit<ModelValidatedData, 'capabilities'> {
  /** The envelope's time: a result older than the one applied to this revision is stale. */
  @Type(() => Date) @IsDate() eventTime!: Date;
  @IsUUID() modelId!: string;
  @IsUUID() workspaceId!: string;
  @IsInt() @Min(1) revision!: number;
  @IsIn(['active', 'failed']) status!: 'active' | 'failed';
  @IsArray() @ValidateNested({ each: true }) @Type(() => CheckResultCommand) checks!: CheckResultCommand[];
  @IsObject() capabilities!: ModelValidatedData['capabilities'];
  @IsISO8601() validatedAt!: string;
  @IsInt() @Min(0) attempts!: number;
}
