import { ApiProperty } from '@nestjs/swagger';
import { type CreateWorkspaceResponse, PUBLIC_MODELS_ACCESS, type PublicModelsAccess, type WorkspaceView } from '@model-garden/contracts';
import { IsIn, IsOptional, IsString, Length, Matches } from 'class-validator';
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

export class WorkspaceResponseDto implements WorkspaceView {
  @ApiProperty() id!: string;
  @ApiProperty({ example: 'acme' }) slug!: string;
  @ApiProperty({ example: 'Acme Corp' }) name!: string;
  @ApiProperty({ enum: PUBLIC_MODELS_ACCESS, description: PUBLIC_MODELS_ACCESS_DESCRIPTION }) publicModelsAccess!: PublicModelsAccess;
  @ApiProperty({ description: 'Whether the workspace may use public models now' }) publicModelsEnabled!: boolean;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class CreateWorkspaceResponseDto implements CreateWorkspaceResponse {
  @ApiProperty({ type: WorkspaceResponseDto })
  workspace!: WorkspaceResponseDto;

  @ApiProperty({ type: CreatedApiKeyResponseDto, description: "The workspace's first API key, with every scope. `key` is shown this once." })
  apiKey!: CreatedApiKeyResponseDto;
}
