import { Body, Controller, Post } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type CreateWorkspaceResponse } from '@model-garden/contracts';
import { RequireAdminToken } from '../auth/scopes.decorator';
import { ErrorResponseDto } from '../shared/dtos/error-response.dto';
import { CreateWorkspaceDto, CreateWorkspaceResponseDto } from './dtos/workspace.dto';
import { CreateWorkspaceUseCase } from './usecases/create-workspace/create-workspace.usecase';
import { CreateWorkspaceCommand } from './usecases/create-workspace/create-workspace.command';

@ApiTags('workspaces')
@Controller('v1/workspaces')
export class WorkspacesController {
  constructor(private readonly createWorkspace: CreateWorkspaceUseCase) {}

  @Post()
  @RequireAdminToken()
  @ApiOperation({ summary: 'Create a workspace', description: 'Needs the ADMIN_TOKEN. Answers the workspace and its first API key (all scopes), shown once.' })
  @ApiCreatedResponse({ type: CreateWorkspaceResponseDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'The slug is taken; error.suggestion holds a free one' })
  create(@Body() body: CreateWorkspaceDto): Promise<CreateWorkspaceResponse> {
    return this.createWorkspace.execute(CreateWorkspaceCommand.create({ slug: body.slug, name: body.name }));
  }
}
