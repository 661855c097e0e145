import { BaseCommand } from '@model-garden/platform';
import { IsUUID } from 'class-validator';

export class GetModelForValidationCommand extends BaseCommand {
  @IsUUID() modelId!: string;
}
