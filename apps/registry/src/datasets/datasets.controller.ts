import { Readable } from 'node:stream';
import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put, Query, Req, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiConsumes,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiPayloadTooLargeResponse,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import { type DatapointListPage, type DatapointView, type DatasetImportResult, type DatasetListPage, type DatasetView } from '@model-garden/contracts';
import { type FastifyReply, type FastifyRequest } from 'fastify';
import { type AuthContext } from '../auth/auth-context';
import { CurrentAuth, RequireScope } from '../auth/scopes.decorator';
import { ErrorResponseDto } from '../shared/dtos/error-response.dto';
import { RegistryException } from '../shared/registry.exception';
import { DATASET_FILE_CONTENT_TYPES } from './dataset-upload';
import {
  AddDatapointsDto,
  CreateDatasetDto,
  DatapointListResponseDto,
  DatapointResponseDto,
  DatasetImportResponseDto,
  DatasetListResponseDto,
  DatasetResponseDto,
  ExportQueryDto,
  ImportQueryDto,
  PageQueryDto,
  ReplaceDatapointDto,
  UpdateDatasetDto,
} from './dtos/dataset.dto';
import { AddDatapointsUseCase } from './usecases/add-datapoints/add-datapoints.usecase';
import { CreateDatasetUseCase } from './usecases/create-dataset/create-dataset.usecase';
import { DeleteDatapointUseCase } from './usecases/delete-datapoint/delete-datapoint.usecase';
import { DeleteDatasetUseCase } from './usecases/delete-dataset/delete-dataset.usecase';
import { ExportDatasetUseCase } from './usecases/export-dataset/export-dataset.usecase';
import { GetDatasetUseCase } from './usecases/get-dataset/get-dataset.usecase';
import { ImportDatasetUseCase } from './usecases/import-dataset/import-dataset.usecase';
import { ListDatapointsUseCase } from './usecases/list-datapoints/list-datapoints.usecase';
import { ListDatasetsUseCase } from './usecases/list-datasets/list-datasets.usecase';
import { ReplaceDatapointUseCase } from './usecases/replace-datapoint/replace-datapoint.usecase';
import { UpdateDatasetUseCase } from './usecases/update-dataset/update-dataset.usecase';
import { AddDatapointsCommand } from './usecases/add-datapoints/add-datapoints.command';
import { CreateDatasetCommand } from './usecases/create-dataset/create-dataset.command';
import { DeleteDatapointCommand } from './usecases/delete-datapoint/delete-datapoint.command';
import { DeleteDatasetCommand } from './usecases/delete-dataset/delete-dataset.command';
import { ExportDatasetCommand } from './usecases/export-dataset/export-dataset.command';
import { GetDatasetCommand } from './usecases/get-dataset/get-dataset.command';
import { ImportDatasetCommand } from './usecases/import-dataset/import-dataset.command';
import { ListDatapointsCommand } from './usecases/list-datapoints/list-datapoints.command';
import { ListDatasetsCommand } from './usecases/list-datasets/list-datasets.command';
import { ReplaceDatapointCommand } from './usecases/replace-datapoint/replace-datapoint.command';
import { UpdateDatasetCommand } from './usecases/update-dataset/update-dataset.command';

const NOT_FOUND = 'No such dataset in this workspace (another workspace\'s answers the same)';

@ApiTags('datasets')
@Controller('v1/datasets')
export class DatasetsController {
  constructor(
    private readonly createDataset: CreateDatasetUseCase,
    private readonly listDatasets: ListDatasetsUseCase,
    private readonly getDataset: GetDatasetUseCase,
    private readonly updateDataset: UpdateDatasetUseCase,
    private readonly deleteDataset: DeleteDatasetUseCase,
    private readonly listDatapoints: ListDatapointsUseCase,
    private readonly addDatapoints: AddDatapointsUseCase,
    private readonly replaceDatapoint: ReplaceDatapointUseCase,
    private readonly deleteDatapoint: DeleteDatapointUseCase,
    private readonly importDataset: ImportDatasetUseCase,
    private readonly exportDataset: ExportDatasetUseCase,
  ) {}

  @Post()
  @RequireScope('experiments:write')
  @ApiOperation({ summary: 'Create a dataset', description: 'Optionally with its first datapoints (at most 500; import a file for more).' })
  @ApiCreatedResponse({ type: DatasetResponseDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: 'Every bad field named by its path, e.g. datapoints[3].inputs.city' })
  create(@CurrentAuth() auth: AuthContext, @Body() body: CreateDatasetDto): Promise<DatasetView> {
    return this.createDataset.execute(CreateDatasetCommand.create({ auth, input: body }));
  }

  @Get()
  @RequireScope('experiments:read')
  @ApiOperation({ summary: "List the workspace's datasets", description: 'Newest first, cursor pagination.' })
  @ApiOkResponse({ type: DatasetListResponseDto })
  list(@CurrentAuth() auth: AuthContext, @Query() query: PageQueryDto): Promise<DatasetListPage> {
    return this.listDatasets.execute(ListDatasetsCommand.create({ auth, query }));
  }

  @Get(':id')
  @RequireScope('experiments:read')
  @ApiOperation({ summary: 'Get a dataset' })
  @ApiOkResponse({ type: DatasetResponseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: NOT_FOUND })
  get(@CurrentAuth() auth: AuthContext, @Param('id') id: string): Promise<DatasetView> {
    return this.getDataset.execute(GetDatasetCommand.create({ auth, id }));
  }

  @Patch(':id')
  @RequireScope('experiments:write')
  @ApiOperation({ summary: 'Rename or re-describe a dataset' })
  @ApiOkResponse({ type: DatasetResponseDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: NOT_FOUND })
  update(@CurrentAuth() auth: AuthContext, @Param('id') id: string, @Body() body: UpdateDatasetDto): Promise<DatasetView> {
    return this.updateDataset.execute(UpdateDatasetCommand.create({ auth, id, input: body }));
  }

  @Delete(':id')
  @RequireScope('experiments:write')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a dataset', description: 'Refused (409) while an experiment uses it.' })
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: NOT_FOUND })
  @ApiConflictResponse({ type: ErrorResponseDto })
  async remove(@CurrentAuth() auth: AuthContext, @Param('id') id: string): Promise<void> {
    await this.deleteDataset.execute(DeleteDatasetCommand.create({ auth, id }));
  }

  @Get(':id/datapoints')
  @RequireScope('experiments:read')
  @ApiOperation({ summary: 'List the current datapoints', description: 'In dataset order, cursor pagination (limit up to 500).' })
  @ApiOkResponse({ type: DatapointListResponseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: NOT_FOUND })
  datapoints(@CurrentAuth() auth: AuthContext, @Param('id') id: string, @Query() query: PageQueryDto): Promise<DatapointListPage> {
    return this.listDatapoints.execute(ListDatapointsCommand.create({ auth, datasetId: id, query }));
  }

  @Post(':id/datapoints')
  @RequireScope('experiments:write')
  @ApiOperation({ summary: 'Add datapoints', description: 'Appended after the last one, as one new revision.' })
  @ApiCreatedResponse({ type: DatapointListResponseDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: NOT_FOUND })
  add(@CurrentAuth() auth: AuthContext, @Param('id') id: string, @Body() body: AddDatapointsDto): Promise<DatapointListPage> {
    return this.addDatapoints.execute(AddDatapointsCommand.create({ auth, datasetId: id, input: body }));
  }

  @Put(':id/datapoints/:datapointId')
  @RequireScope('experiments:write')
  @ApiOperation({ summary: 'Replace a datapoint', description: 'A new version with the same id and position, in a new revision; runs of older revisions keep the old one.' })
  @ApiOkResponse({ type: DatapointResponseDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  replace(@CurrentAuth() auth: AuthContext, @Param('id') id: string, @Param('datapointId') datapointId: string, @Body() body: ReplaceDatapointDto): Promise<DatapointView> {
    return this.replaceDatapoint.execute(ReplaceDatapointCommand.create({ auth, datasetId: id, datapointId, input: body }));
  }

  @Delete(':id/datapoints/:datapointId')
  @RequireScope('experiments:write')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a datapoint', description: 'From a new revision on; older runs keep it.' })
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  async removeDatapoint(@CurrentAuth() auth: AuthContext, @Param('id') id: string, @Param('datapointId') datapointId: string): Promise<void> {
    await this.deleteDatapoint.execute(DeleteDatapointCommand.create({ auth, datasetId: id, datapointId }));
  }

  @Post(':id/import')
  @RequireScope('experiments:write')
  @ApiOperation({
    summary: 'Import a JSONL or CSV file',
    description:
      'The body is the file (content-type text/csv or application/x-ndjson). Read as a stream, up to 10,000 rows; every row is checked first and a bad one refuses the whole file with a 400 naming each line and field (`line 12.inputs.city`). mode=replace swaps every datapoint for the file\'s; dryRun=true checks the file and answers its first rows without writing (the studio\'s preview).',
  })
  @ApiConsumes(...DATASET_FILE_CONTENT_TYPES)
  @ApiCreatedResponse({ type: DatasetImportResponseDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  @ApiPayloadTooLargeResponse({ type: ErrorResponseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: NOT_FOUND })
  import(@CurrentAuth() auth: AuthContext, @Param('id') id: string, @Query() query: ImportQueryDto, @Req() request: FastifyRequest): Promise<DatasetImportResult> {
    const file = request.body;
    if (!(file instanceof Readable)) {
      throw RegistryException.field('content-type', `Send the file itself as the body, with content-type text/csv (format=csv) or application/x-ndjson (format=jsonl).`);
    }
    return this.importDataset.execute(ImportDatasetCommand.create({ auth, datasetId: id, format: query.format, mode: query.mode ?? 'append', dryRun: query.dryRun === 'true' }), file);
  }

  @Get(':id/export')
  @RequireScope('experiments:read')
  @ApiOperation({ summary: 'Export the datapoints as JSONL or CSV', description: 'Streamed; the file imports back unchanged.' })
  @ApiProduces('application/x-ndjson', 'text/csv')
  @ApiOkResponse({ description: 'The file' })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: NOT_FOUND })
  async export(@CurrentAuth() auth: AuthContext, @Param('id') id: string, @Query() query: ExportQueryDto, @Res() reply: FastifyReply): Promise<void> {
    const file = await this.exportDataset.execute(ExportDatasetCommand.create({ auth, datasetId: id, format: query.format }));
    await reply
      .header('content-type', file.contentType)
      .header('content-disposition', `attachment; filename="${file.filename}"`)
      .send(Readable.from(file.chunks));
  }
}
