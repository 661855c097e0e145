import { BaseCommand } from '@model-garden/platform';
import { IsInt, IsString, Length, Max, Min } from 'class-validator';

export class ListActiveModelsCommand extends BaseCommand {
  /** 0 means the default page size. */
  @IsInt() @Min(0) @Max(100_000) pageSize!: number;
  @IsString() @Length(0, 200) pageToken!: string;
}
