import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put, Query, Res } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiPayloadTooLargeResponse,
  ApiTags,
} from '@nestjs/swagger';
import { type ModelListPage, type ModelView } from '@model-garden/contracts';
import { type FastifyReply } from 'fastify';
import { type AuthContext } from '../auth/auth-context';
import { CurrentAuth, RequireScope } from '../auth/scopes.decorator';
import { ErrorResponseDto } from '../shared/dtos/error-response.dto';
import { CreateModelDto } from './dtos/create-model.dto';
import { ListModelsQueryDto } from './dtos/list-models.query.dto';
import { ModelListResponseDto, ModelResponseDto } from './dtos/model-response.dto';
import { RotateModelApiKeyDto } from './dtos/rotate-api-key.dto';
import { UpdateModelDto } from './dtos/update-model.dto';
import { WaitQueryDto } from './dtos/wait.query.dto';
import { type ModelOutcome } from './model-outcome';
import { CreateModelUseCase } from './usecases/create-model/create-model.usecase';
import { DeleteModelUseCase } from './usecases/delete-model/delete-model.usecase';
import { GetModelUseCase } from './usecases/get-model/get-model.usecase';
import { ListModelsUseCase } from './usecases/list-models/list-models.usecase';
import { RequestModelValidationUseCase } from './usecases/request-model-validation/request-model-validation.usecase';
import { RotateModelApiKeyUseCase } from './usecases/rotate-model-api-key/rotate-model-api-key.usecase';
import { UpdateModelUseCase } from './usecases/update-model/update-model.usecase';

const VALIDATING = 'Accepted: the model is being validated (status "validating"); poll it, or pass ?wait=<seconds>.';
const NOT_FOUND = 'No such model in this workspace (a model of another workspace answers the same). {id} is the id, the key or the ref.';

@ApiTags('models')
@Controller('v1/models')
export class ModelsController {
  constructor(
    private readonly createModel: CreateModelUseCase,
    private readonly updateModel: UpdateModelUseCase,
    private readonly rotateApiKey: RotateModelApiKeyUseCase,
    private readonly requestValidation: RequestModelValidationUseCase,
    private readonly deleteModel: DeleteModelUseCase,
    private readonly getModel: GetModelUseCase,
    private readonly listModels: ListModelsUseCase,
  ) {}

  @Post()
  @RequireScope('models:write')
  @ApiOperation({
    summary: 'Add a private model',
    description: 'Stores the configuration (API key encrypted) and starts validation. 202 while validating; with ?wait, 200 once validation finished in time.',
  })
  @ApiAcceptedResponse({ type: ModelResponseDto, description: VALIDATING })
  @ApiOkResponse({ type: ModelResponseDto, description: 'Validation finished within ?wait (status active or failed)' })
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: 'Every bad field named in details' })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'The key is taken; error.suggestion holds a free one' })
  @ApiPayloadTooLargeResponse({ type: ErrorResponseDto })
  async create(
    @CurrentAuth() auth: AuthContext,
    @Body() body: CreateModelDto,
    @Query() query: WaitQueryDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ModelView> {
    return answer(reply, await this.createModel.execute({ auth, input: body, waitSeconds: query.wait ?? 0 }));
  }

  @Get()
  @RequireScope('models:read')
  @ApiOperation({ summary: 'List private and public models', description: 'Private models first (newest first), then the public catalogue. Cursor pagination.' })
  @ApiOkResponse({ type: ModelListResponseDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  list(@CurrentAuth() auth: AuthContext, @Query() query: ListModelsQueryDto): Promise<ModelListPage> {
    return this.listModels.execute({ auth, query });
  }

  @Get(':id')
  @RequireScope('models:read')
  @ApiOperation({ summary: 'Get a model by id, key or ref', description: 'A private model by id, key or `<workspace>@openailike/<key>`, or a public one by `<provider>/<key>` (URL-encode the slash).' })
  @ApiOkResponse({ type: ModelResponseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: NOT_FOUND })
  get(@CurrentAuth() auth: AuthContext, @Param('id') id: string): Promise<ModelView> {
    return this.getModel.execute({ auth, id });
  }

  @Patch(':id')
  @RequireScope('models:write')
  @ApiOperation({
    summary: 'Change a private model',
    description: 'A change of baseUrl, modelId, type or apiKey bumps the revision and re-validates (202); other fields do not (200).',
  })
  @ApiOkResponse({ type: ModelResponseDto })
  @ApiAcceptedResponse({ type: ModelResponseDto, description: VALIDATING })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: NOT_FOUND })
  @ApiConflictResponse({ type: ErrorResponseDto })
  async update(
    @CurrentAuth() auth: AuthContext,
    @Param('id') id: string,
    @Body() body: UpdateModelDto,
    @Query() query: WaitQueryDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ModelView> {
    return answer(reply, await this.updateModel.execute({ auth, id, input: body, waitSeconds: query.wait ?? 0 }));
  }

  @Put(':id/api-key')
  @RequireScope('models:write')
  @ApiOperation({ summary: "Rotate the model's provider API key", description: 'Stores the new key encrypted and re-validates.' })
  @ApiOkResponse({ type: ModelResponseDto, description: 'Validation finished within ?wait' })
  @ApiAcceptedResponse({ type: ModelResponseDto, description: VALIDATING })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: NOT_FOUND })
  async rotate(
    @CurrentAuth() auth: AuthContext,
    @Param('id') id: string,
    @Body() body: RotateModelApiKeyDto,
    @Query() query: WaitQueryDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ModelView> {
    return answer(reply, await this.rotateApiKey.execute({ auth, id, apiKey: body.apiKey, waitSeconds: query.wait ?? 0 }));
  }

  @Post(':id/validate')
  @RequireScope('models:write')
  @ApiOperation({ summary: 'Validate the model again', description: 'Takes a new revision and re-runs every check.' })
  @ApiOkResponse({ type: ModelResponseDto, description: 'Validation finished within ?wait' })
  @ApiAcceptedResponse({ type: ModelResponseDto, description: VALIDATING })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: NOT_FOUND })
  async validate(
    @CurrentAuth() auth: AuthContext,
    @Param('id') id: string,
    @Query() query: WaitQueryDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ModelView> {
    return answer(reply, await this.requestValidation.execute({ auth, id, waitSeconds: query.wait ?? 0 }));
  }

  @Delete(':id')
  @RequireScope('models:write')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a private model' })
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: NOT_FOUND })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'The current version of a deployment uses the model (code model_in_use; details name the deployments)' })
  async remove(@CurrentAuth() auth: AuthContext, @Param('id') id: string): Promise<void> {
    await this.deleteModel.execute({ auth, id });
  }
}

/** 202 while the model's new revision is being validated, 200 once settled (or when nothing needed validation). */
function answer(reply: FastifyReply, outcome: ModelOutcome): ModelView {
  void reply.status(outcome.validating ? 202 : 200);
  return outcome.model;
}
