import { IsInt, IsString, IsUUID, Length, Max, Min } from 'class-validator';
import { BaseCommand } from '@model-garden/platform';

export class ListRunCellsCommand extends BaseCommand {
  @IsUUID() runId!: string;
  @IsInt() @Min(1) dispatch!: number;
  /** 0 means the default page size. */
  @IsInt() @Min(0) @Max(100_000) pageSize!: number;
  @IsString() @Length(0, 100) pageToken!: string;
}
