import { Readable } from 'node:stream';
import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query, Res } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import { type CellPage, type ExperimentListPage, type ExperimentView, type RunComparison, type RunDetailsView, type RunListPage, type RunView } from '@model-garden/contracts';
import { type FastifyReply } from 'fastify';
import { type AuthContext } from '../auth/auth-context';
import { CurrentAuth, RequireScope } from '../auth/scopes.decorator';
import { ErrorResponseDto } from '../shared/dtos/error-response.dto';
import {
  CellPageResponseDto,
  CellsQueryDto,
  CompareQueryDto,
  CreateExperimentDto,
  ExperimentListResponseDto,
  ExperimentResponseDto,
  ExportRunQueryDto,
  ListQueryDto,
  RerunDto,
  RunComparisonResponseDto,
  RunListResponseDto,
  RunResponseDto,
  UpdateExperimentDto,
} from './dtos/experiment.dto';
import { CancelRunUseCase } from './usecases/cancel-run/cancel-run.usecase';
import { CompareRunsUseCase } from './usecases/compare-runs/compare-runs.usecase';
import { CreateExperimentUseCase } from './usecases/create-experiment/create-experiment.usecase';
import { DeleteExperimentUseCase } from './usecases/delete-experiment/delete-experiment.usecase';
import { ExportRunUseCase } from './usecases/export-run/export-run.usecase';
import { GetExperimentUseCase } from './usecases/get-experiment/get-experiment.usecase';
import { GetRunUseCase } from './usecases/get-run/get-run.usecase';
import { ListCellsUseCase } from './usecases/list-cells/list-cells.usecase';
import { ListExperimentsUseCase } from './usecases/list-experiments/list-experiments.usecase';
import { ListRunsUseCase } from './usecases/list-runs/list-runs.usecase';
import { RerunCellsUseCase } from './usecases/rerun-cells/rerun-cells.usecase';
import { StartRunUseCase } from './usecases/start-run/start-run.usecase';
import { UpdateExperimentUseCase } from './usecases/update-experiment/update-experiment.usecase';
import { CancelRunCommand } from './usecases/cancel-run/cancel-run.command';
import { CompareRunsCommand } from './usecases/compare-runs/compare-runs.command';
import { CreateExperimentCommand } from './usecases/create-experiment/create-experiment.command';
import { DeleteExperimentCommand } from './usecases/delete-experiment/delete-experiment.command';
import { ExportRunCommand } from './usecases/export-run/export-run.command';
import { GetExperimentCommand } from './usecases/get-experiment/get-experiment.command';
import { GetRunCommand } from './usecases/get-run/get-run.command';
import { ListCellsCommand } from './usecases/list-cells/list-cells.command';
import { ListExperimentsCommand } from './usecases/list-experiments/list-experiments.command';
import { ListRunsCommand } from './usecases/list-runs/list-runs.command';
import { RerunCellsCommand } from './usecases/rerun-cells/rerun-cells.command';
import { StartRunCommand } from './usecases/start-run/start-run.command';
import { UpdateExperimentCommand } from './usecases/update-experiment/update-experiment.command';

const NOT_FOUND = "No such experiment (or run) in this workspace (another workspace's answers the same)";

@ApiTags('experiments')
@Controller('v1/experiments')
export class ExperimentsController {
  constructor(
    private readonly createExperiment: CreateExperimentUseCase,
    private readonly listExperiments: ListExperimentsUseCase,
    private readonly getExperiment: GetExperimentUseCase,
    private readonly updateExperiment: UpdateExperimentUseCase,
    private readonly deleteExperiment: DeleteExperimentUseCase,
    private readonly startRun: StartRunUseCase,
    private readonly listRuns: ListRunsUseCase,
    private readonly getRun: GetRunUseCase,
    private readonly listCells: ListCellsUseCase,
    private readonly cancelRun: CancelRunUseCase,
    private readonly rerunCells: RerunCellsUseCase,
    private readonly compareRuns: CompareRunsUseCase,
    private readonly exportRun: ExportRunUseCase,
  ) {}

  @Post()
  @RequireScope('experiments:write')
  @ApiOperation({ summary: 'Create an experiment', description: 'A dataset, columns (a chat model with a messages template and parameters, or a deployment), evaluators, repetitions (1-10) and a concurrency limit per model.' })
  @ApiCreatedResponse({ type: ExperimentResponseDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: 'Every bad field named by its path, e.g. columns[1].model' })
  create(@CurrentAuth() auth: AuthContext, @Body() body: CreateExperimentDto): Promise<ExperimentView> {
    return this.createExperiment.execute(CreateExperimentCommand.create({ auth, input: body }));
  }

  @Get()
  @RequireScope('experiments:read')
  @ApiOperation({ summary: "List the workspace's experiments", description: 'Newest first, cursor pagination.' })
  @ApiOkResponse({ type: ExperimentListResponseDto })
  list(@CurrentAuth() auth: AuthContext, @Query() query: ListQueryDto): Promise<ExperimentListPage> {
    return this.listExperiments.execute(ListExperimentsCommand.create({ auth, query }));
  }

  @Get(':id')
  @RequireScope('experiments:read')
  @ApiOperation({ summary: 'Get an experiment' })
  @ApiOkResponse({ type: ExperimentResponseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: NOT_FOUND })
  get(@CurrentAuth() auth: AuthContext, @Param('id') id: string): Promise<ExperimentView> {
    return this.getExperiment.execute(GetExperimentCommand.create({ auth, id }));
  }

  @Patch(':id')
  @RequireScope('experiments:write')
  @ApiOperation({ summary: 'Change an experiment', description: 'Lists replace the old ones whole; runs keep their snapshot.' })
  @ApiOkResponse({ type: ExperimentResponseDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: NOT_FOUND })
  update(@CurrentAuth() auth: AuthContext, @Param('id') id: string, @Body() body: UpdateExperimentDto): Promise<ExperimentView> {
    return this.updateExperiment.execute(UpdateExperimentCommand.create({ auth, id, input: body }));
  }

  @Delete(':id')
  @RequireScope('experiments:write')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete an experiment with its runs', description: 'Refused (409) while a run is in progress.' })
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: NOT_FOUND })
  @ApiConflictResponse({ type: ErrorResponseDto })
  async remove(@CurrentAuth() auth: AuthContext, @Param('id') id: string): Promise<void> {
    await this.deleteExperiment.execute(DeleteExperimentCommand.create({ auth, id }));
  }

  @Post(':id/runs')
  @RequireScope('experiments:write')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Start a run',
    description: 'Snapshots the experiment (dataset revision, columns, evaluators, prices) and queues every cell (row × column × repetition). Poll the run, or its cells with ?updatedAfter.',
  })
  @ApiAcceptedResponse({ type: RunResponseDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: 'The dataset is empty, a model or evaluator no longer exists, or too many cells' })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: NOT_FOUND })
  start(@CurrentAuth() auth: AuthContext, @Param('id') id: string): Promise<RunView> {
    return this.startRun.execute(StartRunCommand.create({ auth, experimentId: id }));
  }

  @Get(':id/runs')
  @RequireScope('experiments:read')
  @ApiOperation({ summary: "List an experiment's runs", description: 'Newest first (without aggregates).' })
  @ApiOkResponse({ type: RunListResponseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: NOT_FOUND })
  runs(@CurrentAuth() auth: AuthContext, @Param('id') id: string, @Query() query: ListQueryDto): Promise<RunListPage> {
    return this.listRuns.execute(ListRunsCommand.create({ auth, experimentId: id, query }));
  }

  @Get(':id/runs/:runId')
  @RequireScope('experiments:read')
  @ApiOperation({ summary: 'Get a run with its column aggregates', description: 'Status, counts per cell status, snapshot, and per column: error rate, p50/p95 latency and TTFT, cost, tokens, mean score per evaluator with its deviation across repetitions.' })
  @ApiOkResponse({ type: RunResponseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: NOT_FOUND })
  run(@CurrentAuth() auth: AuthContext, @Param('id') id: string, @Param('runId') runId: string): Promise<RunDetailsView> {
    return this.getRun.execute(GetRunCommand.create({ auth, experimentId: id, runId }));
  }

  @Get(':id/runs/:runId/cells')
  @RequireScope('experiments:read')
  @ApiOperation({
    summary: "A run's cells",
    description:
      'Without updatedAfter: in grid order (row, column, repetition). With updatedAfter: the cells changed since, oldest change first. Follow nextCursor until null, then poll again with updatedAfter=nextUpdatedAfter (microsecond precision: no cell is missed or repeated).',
  })
  @ApiOkResponse({ type: CellPageResponseDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: NOT_FOUND })
  cells(@CurrentAuth() auth: AuthContext, @Param('id') id: string, @Param('runId') runId: string, @Query() query: CellsQueryDto): Promise<CellPage> {
    return this.listCells.execute(ListCellsCommand.create({ auth, experimentId: id, runId, query }));
  }

  @Post(':id/runs/:runId/cancel')
  @RequireScope('experiments:write')
  @HttpCode(200)
  @ApiOperation({ summary: 'Cancel a run', description: 'Queued cells become cancelled; answers in flight are dropped; the run credential is revoked.' })
  @ApiOkResponse({ type: RunResponseDto })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'The run has already ended' })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: NOT_FOUND })
  cancel(@CurrentAuth() auth: AuthContext, @Param('id') id: string, @Param('runId') runId: string): Promise<RunView> {
    return this.cancelRun.execute(CancelRunCommand.create({ auth, experimentId: id, runId }));
  }

  @Post(':id/runs/:runId/rerun')
  @RequireScope('experiments:write')
  @HttpCode(202)
  @ApiOperation({ summary: 'Re-run cells of a finished run', description: 'scope failed (every failed cell), row (datapointId), column (columnId) or cell (cellId); with the run\'s snapshot, each cell in a new attempt.' })
  @ApiAcceptedResponse({ type: RunResponseDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: 'No cell matches the scope' })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'The run is still in progress' })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: NOT_FOUND })
  rerun(@CurrentAuth() auth: AuthContext, @Param('id') id: string, @Param('runId') runId: string, @Body() body: RerunDto): Promise<RunView> {
    return this.rerunCells.execute(RerunCellsCommand.create({ auth, experimentId: id, runId, input: body }));
  }

  @Get(':id/runs/:runId/compare')
  @RequireScope('experiments:read')
  @ApiOperation({ summary: 'Compare a run with another run of the experiment', description: 'Per column and evaluator: the rows that scored better, worse or the same (mean over repetitions), and the changed rows, largest change first.' })
  @ApiOkResponse({ type: RunComparisonResponseDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: NOT_FOUND })
  compare(@CurrentAuth() auth: AuthContext, @Param('id') id: string, @Param('runId') runId: string, @Query() query: CompareQueryDto): Promise<RunComparison> {
    return this.compareRuns.execute(CompareRunsCommand.create({ auth, experimentId: id, runId, baselineRunId: query.baseline }));
  }

  @Get(':id/runs/:runId/export')
  @RequireScope('experiments:read')
  @ApiOperation({ summary: 'Export a run as CSV or JSONL', description: 'One line per cell, in grid order, with its answer, figures, scores and reasons. Streamed.' })
  @ApiProduces('application/x-ndjson', 'text/csv')
  @ApiOkResponse({ description: 'The file' })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: NOT_FOUND })
  async export(@CurrentAuth() auth: AuthContext, @Param('id') id: string, @Param('runId') runId: string, @Query() query: ExportRunQueryDto, @Res() reply: FastifyReply): Promise<void> {
    const file = await this.exportRun.execute(ExportRunCommand.create({ auth, experimentId: id, runId, format: query.format }));
    await reply.header('content-type', file.contentType).header('content-disposition', `attachment; filename="${file.filename}"`).send(Readable.from(file.chunks));
  }
}
