import { type HealthCheckJobData } from '@model-garden/contracts';
import { BaseCommand } from '@model-garden/platform';
import { IsInt, IsNotEmpty, IsString, Min } from 'class-validator';

/** One re-check of one model in service, built from its job. */
export class CheckModelHealthCommand extends BaseCommand implements HealthCheckJobData {
  @IsString() @IsNotEmpty() modelId!: string;
  @IsString() @IsNotEmpty() workspaceId!: string;
  @IsInt() @Min(1) revision!: number;
  /** The model's status when the sweep listed it (`active` or `degraded`). */
  @IsString() status!: string;
}
