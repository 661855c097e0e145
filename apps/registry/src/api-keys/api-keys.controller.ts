import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBadRequestResponse, ApiCreatedResponse, ApiUnprocessableEntityResponse, ApiNoContentResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type ApiKeyView, type CreatedApiKeyView } from '@model-garden/contracts';
import { type AuthContext } from '../auth/auth-context';
import { CurrentAuth, RequireScope } from '../auth/scopes.decorator';
import { ErrorResponseDto } from '../shared/dtos/error-response.dto';
import { ApiKeyListResponseDto, ApiKeyResponseDto, CreateApiKeyDto, CreatedApiKeyResponseDto } from './dtos/api-key.dto';
import { CreateApiKeyUseCase } from './usecases/create-api-key/create-api-key.usecase';
import { GetApiKeyUseCase } from './usecases/get-api-key/get-api-key.usecase';
import { ListApiKeysUseCase } from './usecases/list-api-keys/list-api-keys.usecase';
import { RevokeApiKeyUseCase } from './usecases/revoke-api-key/revoke-api-key.usecase';
import { CreateApiKeyCommand } from './usecases/create-api-key/create-api-key.command';
import { ListApiKeysCommand } from './usecases/list-api-keys/list-api-keys.command';
import { GetApiKeyCommand } from './usecases/get-api-key/get-api-key.command';
import { RevokeApiKeyCommand } from './usecases/revoke-api-key/revoke-api-key.command';

const NOT_FOUND = 'No such key in this workspace (a key of another workspace answers the same).';

@ApiTags('api-keys')
@Controller('v1/api-keys')
export class ApiKeysController {
  constructor(
    private readonly createApiKey: CreateApiKeyUseCase,
    private readonly listApiKeys: ListApiKeysUseCase,
    private readonly getApiKey: GetApiKeyUseCase,
    private readonly revokeApiKey: RevokeApiKeyUseCase,
  ) {}

  @Post()
  @RequireScope('api-keys:manage')
  @ApiOperation({
    summary: 'Create a workspace API key',
    description:
      "The secret is in `key`, shown this once; only its hash is stored. `allowedRegions` can only narrow the workspace's (and the calling key's) regions; a key made by a key limited to some regions inherits them when it names none.",
  })
  @ApiCreatedResponse({ type: CreatedApiKeyResponseDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  @ApiUnprocessableEntityResponse({ type: ErrorResponseDto, description: '`region_not_allowed`: allowedRegions names a region outside the workspace’s (or the calling key’s)' })
  create(@CurrentAuth() auth: AuthContext, @Body() body: CreateApiKeyDto): Promise<CreatedApiKeyView> {
    return this.createApiKey.execute(CreateApiKeyCommand.create({ auth, input: body }));
  }

  @Get()
  @RequireScope('api-keys:manage')
  @ApiOperation({ summary: "List the workspace's API keys" })
  @ApiOkResponse({ type: ApiKeyListResponseDto })
  async list(@CurrentAuth() auth: AuthContext): Promise<{ data: ApiKeyView[] }> {
    return { data: await this.listApiKeys.execute(ListApiKeysCommand.create({ workspaceId: auth.workspaceId })) };
  }

  @Get(':id')
  @RequireScope('api-keys:manage')
  @ApiOperation({ summary: 'Get one API key (without its secret)' })
  @ApiOkResponse({ type: ApiKeyResponseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: NOT_FOUND })
  get(@CurrentAuth() auth: AuthContext, @Param('id') id: string): Promise<ApiKeyView> {
    return this.getApiKey.execute(GetApiKeyCommand.create({ workspaceId: auth.workspaceId, id }));
  }

  @Delete(':id')
  @RequireScope('api-keys:manage')
  @HttpCode(204)
  @ApiOperation({ summary: 'Revoke an API key', description: 'Refused at once; gateways drop it through the ApiKeyRevoked event.' })
  @ApiNoContentResponse({ description: 'Revoked' })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: NOT_FOUND })
  async revoke(@CurrentAuth() auth: AuthContext, @Param('id') id: string): Promise<void> {
    await this.revokeApiKey.execute(RevokeApiKeyCommand.create({ workspaceId: auth.workspaceId, id }));
  }
}
