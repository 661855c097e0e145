import { Body, Controller, Param, Patch, Post } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type CreateWorkspaceResponse, type WorkspaceView } from '@model-garden/contracts';
import { RequireAdminToken } from '../auth/scopes.decorator';
import { ErrorResponseDto } from '../shared/dtos/error-response.dto';
import { CreateWorkspaceDto, CreateWorkspaceResponseDto, UpdateWorkspaceDto, WorkspaceResponseDto } from './dtos/workspace.dto';
import { CreateWorkspaceUseCase } from './usecases/create-workspace/create-workspace.usecase';
import { CreateWorkspaceCommand } from './usecases/create-workspace/create-workspace.command';
import { SetPublicModelsAccessCommand } from './usecases/set-public-models-access/set-public-models-access.command';
import { SetPublicModelsAccessUseCase } from './usecases/set-public-models-access/set-public-models-access.usecase';

@ApiTags('workspaces')
@Controller('v1/workspaces')
export class WorkspacesController {
  constructor(
    private readonly createWorkspace: CreateWorkspaceUseCase,
    private readonly setPublicModelsAccess: SetPublicModelsAccessUseCase,
  ) {}

  @Post()
  @RequireAdminToken()
  @ApiOperation({ summary: 'Create a workspace', description: 'Needs the ADMIN_TOKEN. Answers the workspace and its first API key (all scopes), shown once.' })
  @ApiCreatedResponse({ type: CreateWorkspaceResponseDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'The slug is taken; error.suggestion holds a free one' })
  create(@Body() body: CreateWorkspaceDto): Promise<CreateWorkspaceResponse> {
    return this.createWorkspace.execute(CreateWorkspaceCommand.create({ slug: body.slug, name: body.name, ...(body.publicModelsAccess ? { publicModelsAccess: body.publicModelsAccess } : {}) }));
  }

  @Patch(':id')
  @RequireAdminToken()
  @ApiOperation({
    summary: "Change a workspace's operator settings",
    description: "Needs the ADMIN_TOKEN. `publicModelsAccess` grants or withdraws the workspace's use of the public models (they spend the operator's provider keys), or returns it to PUBLIC_MODELS_ACCESS_DEFAULT.",
  })
  @ApiOkResponse({ type: WorkspaceResponseDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  update(@Param('id') id: string, @Body() body: UpdateWorkspaceDto): Promise<WorkspaceView> {
    return this.setPublicModelsAccess.execute(SetPublicModelsAccessCommand.create({ workspaceId: id, publicModelsAccess: body.publicModelsAccess }));
  }
}
