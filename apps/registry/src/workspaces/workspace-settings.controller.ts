import { Body, Controller, Get, Patch } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { type CurrentWorkspaceView } from '@model-garden/contracts';
import { type AuthContext } from '../auth/auth-context';
import { CurrentAuth, RequireScope } from '../auth/scopes.decorator';
import { ErrorResponseDto } from '../shared/dtos/error-response.dto';
import { CurrentWorkspaceResponseDto, UpdateWorkspaceSettingsDto } from './dtos/workspace.dto';
import { GetCurrentWorkspaceCommand } from './usecases/get-current-workspace/get-current-workspace.command';
import { GetCurrentWorkspaceUseCase } from './usecases/get-current-workspace/get-current-workspace.usecase';
import { SetAllowedRegionsCommand } from './usecases/set-allowed-regions/set-allowed-regions.command';
import { SetAllowedRegionsUseCase } from './usecases/set-allowed-regions/set-allowed-regions.usecase';

/** The calling key's own workspace (`/v1/workspace`, singular): its settings as its members see and change them. */
@ApiTags('workspaces')
@Controller('v1/workspace')
export class WorkspaceSettingsController {
  constructor(
    private readonly getCurrent: GetCurrentWorkspaceUseCase,
    private readonly setAllowedRegions: SetAllowedRegionsUseCase,
  ) {}

  @Get()
  @RequireScope('models:read')
  @ApiOperation({ summary: "The calling key's workspace", description: 'Its settings (allowedRegions included) and the regions the calling key itself may use.' })
  @ApiOkResponse({ type: CurrentWorkspaceResponseDto })
  get(@CurrentAuth() auth: AuthContext): Promise<CurrentWorkspaceView> {
    return this.getCurrent.execute(GetCurrentWorkspaceCommand.create({ auth }));
  }

  @Patch()
  @RequireScope('api-keys:manage')
  @ApiOperation({
    summary: "Change the workspace's region policy",
    description:
      '`allowedRegions`: the regions whose models the workspace may use (a non-empty list), or null for every region. Gateways apply it within a second (WorkspaceRegionsChanged). A key limited to some regions cannot allow more than them.',
  })
  @ApiOkResponse({ type: CurrentWorkspaceResponseDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  @ApiUnprocessableEntityResponse({ type: ErrorResponseDto, description: '`region_not_allowed`: the calling key is limited to fewer regions' })
  update(@CurrentAuth() auth: AuthContext, @Body() body: UpdateWorkspaceSettingsDto): Promise<CurrentWorkspaceView> {
    return this.setAllowedRegions.execute(SetAllowedRegionsCommand.create({ auth, input: body }));
  }
}
