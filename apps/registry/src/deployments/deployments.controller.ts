import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiServiceUnavailableResponse,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { type DeploymentCacheInvalidation, type DeploymentListPage, type DeploymentVersionListPage, type DeploymentVersionView, type DeploymentView } from '@model-garden/contracts';
import { type AuthContext } from '../auth/auth-context';
import { CurrentAuth, RequireScope } from '../auth/scopes.decorator';
import { ErrorResponseDto } from '../shared/dtos/error-response.dto';
import { RegistryException } from '../shared/registry.exception';
import { CreateDeploymentDto, DeploymentPageQueryDto, PublishDeploymentDto, RestoreDeploymentVersionDto } from './dtos/deployment-request.dto';
import { DeploymentCacheInvalidationDto, DeploymentListResponseDto, DeploymentResponseDto, DeploymentVersionDto, DeploymentVersionListResponseDto } from './dtos/deployment-response.dto';
import { CreateDeploymentCommand } from './usecases/create-deployment/create-deployment.command';
import { CreateDeploymentUseCase } from './usecases/create-deployment/create-deployment.usecase';
import { DeleteDeploymentCommand } from './usecases/delete-deployment/delete-deployment.command';
import { DeleteDeploymentUseCase } from './usecases/delete-deployment/delete-deployment.usecase';
import { GetDeploymentCommand } from './usecases/get-deployment/get-deployment.command';
import { GetDeploymentUseCase } from './usecases/get-deployment/get-deployment.usecase';
import { GetDeploymentVersionCommand } from './usecases/get-deployment-version/get-deployment-version.command';
import { GetDeploymentVersionUseCase } from './usecases/get-deployment-version/get-deployment-version.usecase';
import { InvalidateDeploymentCacheCommand } from './usecases/invalidate-deployment-cache/invalidate-deployment-cache.command';
import { InvalidateDeploymentCacheUseCase } from './usecases/invalidate-deployment-cache/invalidate-deployment-cache.usecase';
import { ListDeploymentVersionsCommand } from './usecases/list-deployment-versions/list-deployment-versions.command';
import { ListDeploymentVersionsUseCase } from './usecases/list-deployment-versions/list-deployment-versions.usecase';
import { ListDeploymentsCommand } from './usecases/list-deployments/list-deployments.command';
import { ListDeploymentsUseCase } from './usecases/list-deployments/list-deployments.usecase';
import { PublishDeploymentCommand } from './usecases/publish-deployment/publish-deployment.command';
import { PublishDeploymentUseCase } from './usecases/publish-deployment/publish-deployment.usecase';
import { RestoreDeploymentVersionCommand } from './usecases/restore-deployment-version/restore-deployment-version.command';
import { RestoreDeploymentVersionUseCase } from './usecases/restore-deployment-version/restore-deployment-version.usecase';

const NOT_FOUND = 'No deployment with this key in this workspace (another workspace’s answers the same)';
const UNPUBLISHABLE = 'A variant’s model or fallback does not exist, is not a chat or completion model, or lacks a capability the variant needs; details name each variant, model and reason';

@ApiTags('deployments')
@Controller('v1/deployments')
export class DeploymentsController {
  constructor(
    private readonly createDeployment: CreateDeploymentUseCase,
    private readonly publishDeployment: PublishDeploymentUseCase,
    private readonly restoreVersion: RestoreDeploymentVersionUseCase,
    private readonly deleteDeployment: DeleteDeploymentUseCase,
    private readonly getDeployment: GetDeploymentUseCase,
    private readonly listDeployments: ListDeploymentsUseCase,
    private readonly listVersions: ListDeploymentVersionsUseCase,
    private readonly getVersion: GetDeploymentVersionUseCase,
    private readonly invalidateCache: InvalidateDeploymentCacheUseCase,
  ) {}

  @Post()
  @RequireScope('deployments:write')
  @ApiOperation({
    summary: 'Create a deployment (version 1)',
    description: 'Checks every variant against the workspace’s models and their validated capabilities, then stores version 1 and DeploymentPublished in one transaction.',
  })
  @ApiCreatedResponse({ type: DeploymentResponseDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: 'Every bad field named by its path in details (e.g. variants[1].messages[0].content)' })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'The key is taken in this workspace' })
  @ApiUnprocessableEntityResponse({ type: ErrorResponseDto, description: UNPUBLISHABLE })
  create(@CurrentAuth() auth: AuthContext, @Body() body: CreateDeploymentDto): Promise<DeploymentView> {
    return this.createDeployment.execute(CreateDeploymentCommand.create({ auth, input: body }));
  }

  @Get()
  @RequireScope('deployments:read')
  @ApiOperation({ summary: 'List deployments', description: 'Newest first, with each one’s current variants and health. Cursor pagination.' })
  @ApiOkResponse({ type: DeploymentListResponseDto })
  list(@CurrentAuth() auth: AuthContext, @Query() query: DeploymentPageQueryDto): Promise<DeploymentListPage> {
    return this.listDeployments.execute(ListDeploymentsCommand.create({ auth, query }));
  }

  @Get(':key')
  @RequireScope('deployments:read')
  @ApiOperation({ summary: 'Get a deployment', description: 'The current version’s whole configuration, and health: which variants’ models are failed, degraded or unavailable, and why.' })
  @ApiOkResponse({ type: DeploymentResponseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: NOT_FOUND })
  get(@CurrentAuth() auth: AuthContext, @Param('key') key: string): Promise<DeploymentView> {
    return this.getDeployment.execute(GetDeploymentCommand.create({ auth, key }));
  }

  @Put(':key')
  @RequireScope('deployments:write')
  @ApiOperation({
    summary: 'Publish a new version',
    description: 'The whole configuration (variants and routing), checked like a create, becomes version n+1 and current; gateways pick it up within a second.',
  })
  @ApiOkResponse({ type: DeploymentResponseDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: NOT_FOUND })
  @ApiUnprocessableEntityResponse({ type: ErrorResponseDto, description: UNPUBLISHABLE })
  publish(@CurrentAuth() auth: AuthContext, @Param('key') key: string, @Body() body: PublishDeploymentDto): Promise<DeploymentView> {
    return this.publishDeployment.execute(PublishDeploymentCommand.create({ auth, key, input: body }));
  }

  @Delete(':key')
  @RequireScope('deployments:write')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a deployment with all its versions' })
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: NOT_FOUND })
  async remove(@CurrentAuth() auth: AuthContext, @Param('key') key: string): Promise<void> {
    await this.deleteDeployment.execute(DeleteDeploymentCommand.create({ auth, key }));
  }

  @Post(':key/cache/invalidate')
  @RequireScope('deployments:write')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Invalidate the deployment’s response cache',
    description:
      'Every answer cached for this deployment (any version) is a miss from now on, at every gateway: the deployment’s cache generation, part of every cache key, is incremented in Redis. ' +
      'Needs no new version; the cache setting stays as it is.',
  })
  @ApiOkResponse({ type: DeploymentCacheInvalidationDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: NOT_FOUND })
  @ApiServiceUnavailableResponse({ type: ErrorResponseDto, description: 'Redis is unreachable: nothing was invalidated; try again' })
  invalidate(@CurrentAuth() auth: AuthContext, @Param('key') key: string): Promise<DeploymentCacheInvalidation> {
    return this.invalidateCache.execute(InvalidateDeploymentCacheCommand.create({ auth, key }));
  }

  @Get(':key/versions')
  @RequireScope('deployments:read')
  @ApiOperation({ summary: 'List a deployment’s versions', description: 'Newest first: number, note, who published it and when, its variants, whether it is current.' })
  @ApiOkResponse({ type: DeploymentVersionListResponseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: NOT_FOUND })
  versions(@CurrentAuth() auth: AuthContext, @Param('key') key: string, @Query() query: DeploymentPageQueryDto): Promise<DeploymentVersionListPage> {
    return this.listVersions.execute(ListDeploymentVersionsCommand.create({ auth, key, query }));
  }

  @Get(':key/versions/:version')
  @RequireScope('deployments:read')
  @ApiOperation({ summary: 'Get one version of a deployment' })
  @ApiParam({ name: 'version', type: Number, example: 2 })
  @ApiOkResponse({ type: DeploymentVersionDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  version(@CurrentAuth() auth: AuthContext, @Param('key') key: string, @Param('version') version: string): Promise<DeploymentVersionView> {
    return this.getVersion.execute(GetDeploymentVersionCommand.create({ auth, key, version: versionNumber(version) }));
  }

  @Post(':key/versions/:version/restore')
  @RequireScope('deployments:write')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Restore an old version',
    description: 'Publishes a copy of version n as the newest version (the history is kept), checked against the models as they are now.',
  })
  @ApiParam({ name: 'version', type: Number, example: 2 })
  @ApiOkResponse({ type: DeploymentResponseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  @ApiUnprocessableEntityResponse({ type: ErrorResponseDto, description: UNPUBLISHABLE })
  restore(
    @CurrentAuth() auth: AuthContext,
    @Param('key') key: string,
    @Param('version') version: string,
    @Body() body: RestoreDeploymentVersionDto,
  ): Promise<DeploymentView> {
    return this.restoreVersion.execute(RestoreDeploymentVersionCommand.create({ auth, key, version: versionNumber(version), input: body }));
  }
}

function versionNumber(raw: string): number {
  const value = /^\d{1,9}$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isInteger(value) || value < 1) throw RegistryException.field('version', 'version must be a version number (1, 2, 3…).');
  return value;
}
