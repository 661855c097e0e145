import { Body, Controller, Get, Param, Patch, Query } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type ModelView } from '@model-garden/contracts';
import { type AuthContext } from '../auth/auth-context';
import { CurrentAuth, RequireScope } from '../auth/scopes.decorator';
import { ModelResponseDto } from '../models/dtos/model-response.dto';
import { ErrorResponseDto } from '../shared/dtos/error-response.dto';
import { CatalogueResponseDto, ListCatalogueQueryDto, SetPublicModelEnabledDto } from './dtos/catalogue.dto';
import { GetPublicModelUseCase } from './usecases/get-public-model/get-public-model.usecase';
import { ListCatalogueUseCase } from './usecases/list-catalogue/list-catalogue.usecase';
import { SetPublicModelEnabledUseCase } from './usecases/set-public-model-enabled/set-public-model-enabled.usecase';
import { ListCatalogueCommand } from './usecases/list-catalogue/list-catalogue.command';
import { GetPublicModelCommand } from './usecases/get-public-model/get-public-model.command';
import { SetPublicModelEnabledCommand } from './usecases/set-public-model-enabled/set-public-model-enabled.command';

@ApiTags('catalogue')
@Controller('v1/catalogue')
export class CatalogueController {
  constructor(
    private readonly listCatalogue: ListCatalogueUseCase,
    private readonly getPublicModel: GetPublicModelUseCase,
    private readonly setEnabled: SetPublicModelEnabledUseCase,
  ) {}

  @Get()
  @RequireScope('models:read')
  @ApiOperation({ summary: 'List the public catalogue', description: 'Public models with published prices; `unavailable` without platform credentials or when disabled.' })
  @ApiOkResponse({ type: CatalogueResponseDto })
  async list(@CurrentAuth() auth: AuthContext, @Query() query: ListCatalogueQueryDto): Promise<{ data: ModelView[] }> {
    return { data: await this.listCatalogue.execute(ListCatalogueCommand.create({ workspaceId: auth.workspaceId, provider: query.provider })) };
  }

  @Get(':provider/:key')
  @RequireScope('models:read')
  @ApiOperation({ summary: 'Get one public model' })
  @ApiOkResponse({ type: ModelResponseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  get(@CurrentAuth() auth: AuthContext, @Param('provider') provider: string, @Param('key') key: string): Promise<ModelView> {
    return this.getPublicModel.execute(GetPublicModelCommand.create({ workspaceId: auth.workspaceId, provider, key }));
  }

  @Patch(':provider/:key')
  @RequireScope('models:write')
  @ApiOperation({ summary: 'Enable or disable a public model for this workspace' })
  @ApiOkResponse({ type: ModelResponseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  set(
    @CurrentAuth() auth: AuthContext,
    @Param('provider') provider: string,
    @Param('key') key: string,
    @Body() body: SetPublicModelEnabledDto,
  ): Promise<ModelView> {
    return this.setEnabled.execute(SetPublicModelEnabledCommand.create({ workspaceId: auth.workspaceId, provider, key, enabled: body.enabled }));
  }
}
