import { type ChatMessage, type DatapointInputs, type ExperimentCellJobData } from '@model-garden/contracts';
import { BaseCommand } from '@model-garden/platform';
import { IsArray, IsInt, IsNotEmpty, IsObject, IsString, Min, ValidateIf } from 'class-validator';

/** One cell attempt as its job carries it, with the job's id (the slot holder); built with `commandFromJob`. */
export class RunCellCommand extends BaseCommand implements ExperimentCellJobData {
  @IsString() @IsNotEmpty() jobId!: string;
  @IsString() @IsNotEmpty() runId!: string;
  @IsString() @IsNotEmpty() workspaceId!: string;
  @IsString() @IsNotEmpty() cellId!: string;
  @IsInt() @Min(1) attempt!: number;
  @IsInt() @Min(1) dispatch!: number;
  @IsString() @IsNotEmpty() datapointId!: string;
  @IsInt() @Min(0) rowIndex!: number;
  @IsString() @IsNotEmpty() columnId!: string;
  @IsInt() @Min(1) repetition!: number;
  @IsObject() inputs!: DatapointInputs;
  @ValidateIf((_, v) => v !== null) @IsArray() messages!: ChatMessage[] | null;
  @ValidateIf((_, v) => v !== null) @IsString() expectedOutput!: string | null;
  @IsString() eventId!: string;
}
