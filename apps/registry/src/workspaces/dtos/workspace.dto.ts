import { ApiProperty } from '@nestjs/swagger';
import { type CreateWorkspaceResponse, type WorkspaceView } from '@model-garden/contracts';
import { IsString, Length, Matches } from 'class-validator';
import { CreatedApiKeyResponseDto } from '../../api-keys/dtos/api-key.dto';

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
}

export class WorkspaceResponseDto implements WorkspaceView {
  @ApiProperty() id!: string;
  @ApiProperty({ example: 'acme' }) slug!: string;
  @ApiProperty({ example: 'Acme Corp' }) name!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class CreateWorkspaceResponseDto implements CreateWorkspaceResponse {
  @ApiProperty({ type: WorkspaceResponseDto })
  workspace!: WorkspaceResponseDto;

  @ApiProperty({ type: CreatedApiKeyResponseDto, description: "The workspace's first API key, with every scope. `key` is shown this once." })
  apiKey!: CreatedApiKeyResponseDto;
}
