import { type ModelHealthChangedData } from '@model-garden/contracts';
import { Type } from 'class-transformer';
import { IsArray, IsDate, IsIn, IsInt, IsISO8601, IsUUID, Min, ValidateNested } from 'class-validator';
import { BaseCommand } from '@model-garden/platform';
import { CheckResultCommand } from '../apply-validation-result/apply-validation-result.command';

/** A ModelHealthChanged event, checked before it touches a model. */
export class ApplyHealthChangeCommand extends BaseCommand implements ModelHealthChangedData {
  @Type(() => Date) @IsDate() eventTime!: Date;
  @IsUUID() modelId!: string;
  @IsUUID() workspaceId!: string;
  @IsInt() @Min(1) revision!: number;
  @IsIn(['active', 'degraded']) status!: 'active' | 'degraded';
  @IsArray() @ValidateNested({ each: true }) @Type(() => CheckResultCommand) checks!: CheckResultCommand[];
  @IsISO8601() checkedAt!: string;
}
