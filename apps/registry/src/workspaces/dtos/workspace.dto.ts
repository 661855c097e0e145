import { ApiProperty } from '@nestjs/swagger';
import { type CreateWorkspaceResponse, type CurrentWorkspaceView, PUBLIC_MODELS_ACCESS, type PublicModelsAccess, REGIONS, type Region, type UpdateWorkspaceSettingsBody, type WorkspaceView } from '@model-garden/contracts';
import { ArrayNotEmpty, ArrayUnique, IsArray, IsIn, IsOptional, IsString, Length, Matches, ValidateIf } from 'class-validator';
import { CreatedApiKeyResponseDto } from '../../api-keys/dtos/api-key.dto';

const PUBLIC_MODELS_ACCESS_DESCRIPTION =
  "Whether the workspace may use the operator's public models, which spend the operator's provider keys: `enabled`, `disabled`, or `default` (PUBLIC_MODELS_ACCESS_DEFAULT).";

export const WORKSPACE_SLUG_PATTERN = /^[a-z0-9](?:[a-z0-9-]{0,46}[a-z0-9])?$/;

/** `POST /v1/workspaces` (admin token). */
export class CreateWorkspaceDto {
  @ApiProperty({ example: 'acme', pattern: WORKSPACE_SLUG_PATTERN.source, description: 'Unique; part of model refs `<slug>@openailike/<key>`' })
  @IsString({ message: 'slug must be a string' })
  @Matches(WORKSPACE_SLUG_PATTERN, { message: 'slug must be 1 to 48 lower-case letters, digits or "-", starting and ending with a letter or digit' })
  slug!: string;

  @ApiProperty({ minLength: 1, maxLength: 100, example: 'Acme Corp' })
  @IsString({ message: 'name must be a string' })
  @Length(1, 100, { message: 'name must be 1 to 100 characters' })
  @Matches(/\S/, { message: 'name must not be blank' })
  name!: string;

  @ApiProperty({ enum: PUBLIC_MODELS_ACCESS, required: false, default: 'default', description: PUBLIC_MODELS_ACCESS_DESCRIPTION })
  @IsOptional()
  @IsIn(PUBLIC_MODELS_ACCESS, { message: `publicModelsAccess must be one of ${PUBLIC_MODELS_ACCESS.join(', ')}` })
  publicModelsAccess?: PublicModelsAccess;
}

/** `PATCH /v1/workspaces/{id}` (admin token): the operator's settings of a workspace. */
export class UpdateWorkspaceDto {
  @ApiProperty({ enum: PUBLIC_MODELS_ACCESS, description: PUBLIC_MODELS_ACCESS_DESCRIPTION })
  @IsIn(PUBLIC_MODELS_ACCESS, { message: `publicModelsAccess must be one of ${PUBLIC_MODELS_ACCESS.join(', ')}` })
  publicModelsAccess!: PublicModelsAccess;
}

const ALLOWED_REGIONS_DESCRIPTION =
  "The regions whose models the workspace may use (directly, as a fallback, in a deployment or an experiment); null: every region. Each API key may narrow it further, never widen it.";

/** `PATCH /v1/workspace` (scope api-keys:manage): the workspace's own settings. */
export class UpdateWorkspaceSettingsDto implements UpdateWorkspaceSettingsBody {
  @ApiProperty({ enum: REGIONS, isArray: true, nullable: true, example: ['eu'], description: ALLOWED_REGIONS_DESCRIPTION })
  @ValidateIf((_o, value) => value !== null)
  @IsArray({ message: 'allowedRegions must be an array of regions, or null for every region' })
  @ArrayNotEmpty({ message: 'allowedRegions must name at least one region; send null to allow every region' })
  @ArrayUnique({ message: 'allowedRegions must not repeat a region' })
  @IsIn(REGIONS, { each: true, message: `each of allowedRegions must be one of: ${REGIONS.join(', ')}` })
  allowedRegions!: Region[] | null;
}

export class WorkspaceResponseDto implements WorkspaceView {
  @ApiProperty() id!: string;
  @ApiProperty({ example: 'acme' }) slug!: string;
  @ApiProperty({ example: 'Acme Corp' }) name!: string;
  @ApiProperty({ enum: PUBLIC_MODELS_ACCESS, description: PUBLIC_MODELS_ACCESS_DESCRIPTION }) publicModelsAccess!: PublicModelsAccess;
  @ApiProperty({ description: 'Whether the workspace may use public models now' }) publicModelsEnabled!: boolean;
  @ApiProperty({ enum: REGIONS, isArray: true, nullable: true, description: ALLOWED_REGIONS_DESCRIPTION }) allowedRegions!: Region[] | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class CallerRegionsDto {
  @ApiProperty() id!: string;
  @ApiProperty({ enum: REGIONS, isArray: true, nullable: true, description: "The key's own allowedRegions; null: it follows the workspace's" }) allowedRegions!: Region[] | null;
  @ApiProperty({ enum: REGIONS, isArray: true, nullable: true, description: "What the key may use: the workspace's regions narrowed by the key's; null: every region" })
  effectiveRegions!: Region[] | null;
}

export class CurrentWorkspaceResponseDto extends WorkspaceResponseDto implements CurrentWorkspaceView {
  @ApiProperty({ type: CallerRegionsDto, description: 'The calling API key and the regions it may use' })
  apiKey!: CallerRegionsDto;
}

export class CreateWorkspaceResponseDto implements CreateWorkspaceResponse {
  @ApiProperty({ type: WorkspaceResponseDto })
  workspace!: WorkspaceResponseDto;

  @ApiProperty({ type: CreatedApiKeyResponseDto, description: "The workspace's first API key, with every scope. `key` is shown this once." })
  apiKey!: CreatedApiKeyResponseDto;
}
