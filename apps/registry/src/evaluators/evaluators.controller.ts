import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiCreatedResponse, ApiNoContentResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type EvaluatorListPage, type EvaluatorView } from '@model-garden/contracts';
import { type AuthContext } from '../auth/auth-context';
import { CurrentAuth, RequireScope } from '../auth/scopes.decorator';
import { ErrorResponseDto } from '../shared/dtos/error-response.dto';
import { CreateEvaluatorDto, EvaluatorListResponseDto, EvaluatorResponseDto, UpdateEvaluatorDto } from './dtos/evaluator.dto';
import { CreateEvaluatorUseCase } from './usecases/create-evaluator/create-evaluator.usecase';
import { DeleteEvaluatorUseCase } from './usecases/delete-evaluator/delete-evaluator.usecase';
import { GetEvaluatorUseCase } from './usecases/get-evaluator/get-evaluator.usecase';
import { ListEvaluatorsUseCase } from './usecases/list-evaluators/list-evaluators.usecase';
import { UpdateEvaluatorUseCase } from './usecases/update-evaluator/update-evaluator.usecase';
import { CreateEvaluatorCommand } from './usecases/create-evaluator/create-evaluator.command';
import { DeleteEvaluatorCommand } from './usecases/delete-evaluator/delete-evaluator.command';
import { GetEvaluatorCommand } from './usecases/get-evaluator/get-evaluator.command';
import { ListEvaluatorsCommand } from './usecases/list-evaluators/list-evaluators.command';
import { UpdateEvaluatorCommand } from './usecases/update-evaluator/update-evaluator.command';

const NOT_FOUND = "No such evaluator in this workspace (another workspace's answers the same)";

@ApiTags('evaluators')
@Controller('v1/evaluators')
export class EvaluatorsController {
  constructor(
    private readonly createEvaluator: CreateEvaluatorUseCase,
    private readonly listEvaluators: ListEvaluatorsUseCase,
    private readonly getEvaluator: GetEvaluatorUseCase,
    private readonly updateEvaluator: UpdateEvaluatorUseCase,
    private readonly deleteEvaluator: DeleteEvaluatorUseCase,
  ) {}

  @Post()
  @RequireScope('experiments:write')
  @ApiOperation({
    summary: 'Create an evaluator',
    description: 'Functions (exact match, contains, regex, valid JSON, JSON Schema, Levenshtein, length), cosine similarity with an embedding model of the workspace, or an LLM judge with a chat model of the workspace.',
  })
  @ApiCreatedResponse({ type: EvaluatorResponseDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: 'Every bad setting named by its path, e.g. config.scale.max' })
  create(@CurrentAuth() auth: AuthContext, @Body() body: CreateEvaluatorDto): Promise<EvaluatorView> {
    return this.createEvaluator.execute(CreateEvaluatorCommand.create({ auth, input: body }));
  }

  @Get()
  @RequireScope('experiments:read')
  @ApiOperation({ summary: 'List evaluators', description: 'The built-ins (builtin.exact_match, builtin.valid_json, builtin.levenshtein), then the workspace\'s.' })
  @ApiOkResponse({ type: EvaluatorListResponseDto })
  list(@CurrentAuth() auth: AuthContext): Promise<EvaluatorListPage> {
    return this.listEvaluators.execute(ListEvaluatorsCommand.create({ auth }));
  }

  @Get(':id')
  @RequireScope('experiments:read')
  @ApiOperation({ summary: 'Get an evaluator' })
  @ApiOkResponse({ type: EvaluatorResponseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: NOT_FOUND })
  get(@CurrentAuth() auth: AuthContext, @Param('id') id: string): Promise<EvaluatorView> {
    return this.getEvaluator.execute(GetEvaluatorCommand.create({ auth, id }));
  }

  @Patch(':id')
  @RequireScope('experiments:write')
  @ApiOperation({ summary: 'Change an evaluator', description: 'Runs already started keep the settings they snapshotted.' })
  @ApiOkResponse({ type: EvaluatorResponseDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: NOT_FOUND })
  update(@CurrentAuth() auth: AuthContext, @Param('id') id: string, @Body() body: UpdateEvaluatorDto): Promise<EvaluatorView> {
    return this.updateEvaluator.execute(UpdateEvaluatorCommand.create({ auth, id, input: body }));
  }

  @Delete(':id')
  @RequireScope('experiments:write')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete an evaluator', description: 'Refused (409) while an experiment names it.' })
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: NOT_FOUND })
  @ApiConflictResponse({ type: ErrorResponseDto })
  async remove(@CurrentAuth() auth: AuthContext, @Param('id') id: string): Promise<void> {
    await this.deleteEvaluator.execute(DeleteEvaluatorCommand.create({ auth, id }));
  }
}
