import { type ValidationJobData } from '@model-garden/contracts';
import { BaseCommand } from '@model-garden/platform';
import { IsInt, IsNotEmpty, IsString, Min } from 'class-validator';

/** One attempt at validating one model revision, built from its job. */
export class ValidateModelCommand extends BaseCommand implements Pick<ValidationJobData, 'modelId' | 'workspaceId' | 'revision'> {
  @IsString() @IsNotEmpty() modelId!: string;
  @IsString() @IsNotEmpty() workspaceId!: string;
  @IsInt() @Min(1) revision!: number;
  /** 1-based. */
  @IsInt() @Min(1) attempt!: number;
  @IsInt() @Min(1) maxAttempts!: number;
}
