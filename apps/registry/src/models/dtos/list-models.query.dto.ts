import { ApiPropertyOptional } from '@nestjs/swagger';
import { type ListedModelStatus, MODEL_OWNERS, MODEL_STATUSES, MODEL_TYPES, type ModelOwner, type ModelType, REGIONS, type Region } from '@model-garden/contracts';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';

export const LISTED_STATUSES: readonly ListedModelStatus[] = [...MODEL_STATUSES, 'unavailable'];

/** `GET /v1/models` filters and cursor pagination. */
export class ListModelsQueryDto {
  @ApiPropertyOptional({ enum: MODEL_TYPES })
  @IsOptional()
  @IsIn(MODEL_TYPES, { message: `type must be one of: ${MODEL_TYPES.join(', ')}` })
  type?: ModelType;

  @ApiPropertyOptional({ enum: LISTED_STATUSES })
  @IsOptional()
  @IsIn(LISTED_STATUSES, { message: `status must be one of: ${LISTED_STATUSES.join(', ')}` })
  status?: ListedModelStatus;

  @ApiPropertyOptional({ enum: MODEL_OWNERS })
  @IsOptional()
  @IsIn(MODEL_OWNERS, { message: `owner must be one of: ${MODEL_OWNERS.join(', ')}` })
  owner?: ModelOwner;

  @ApiPropertyOptional({ enum: REGIONS })
  @IsOptional()
  @IsIn(REGIONS, { message: `region must be one of: ${REGIONS.join(', ')}` })
  region?: Region;

  @ApiPropertyOptional({ maxLength: 100, description: 'Case-insensitive search in name, key, modelId and description' })
  @IsOptional()
  @IsString()
  @MaxLength(100, { message: 'q must be at most 100 characters' })
  q?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'limit must be a whole number' })
  @Min(1, { message: 'limit must be between 1 and 200' })
  @Max(200, { message: 'limit must be between 1 and 200' })
  limit?: number;

  @ApiPropertyOptional({ description: 'nextCursor of the previous page' })
  @IsOptional()
  @IsString()
  @MaxLength(512, { message: 'cursor is too long' })
  cursor?: string;
}
