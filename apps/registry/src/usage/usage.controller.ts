import { Controller, Get, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type UsageReport, type UsageRequestsPage } from '@model-garden/contracts';
import { type AuthContext } from '../auth/auth-context';
import { CurrentAuth, RequireScope } from '../auth/scopes.decorator';
import { ErrorResponseDto } from '../shared/dtos/error-response.dto';
import { UsageQueryDto, UsageReportDto, UsageRequestsPageDto, UsageRequestsQueryDto } from './dtos/usage.dto';
import { GetUsageReportUseCase } from './usecases/get-usage-report/get-usage-report.usecase';
import { GetUsageReportCommand } from './usecases/get-usage-report/get-usage-report.command';
import { ListUsageRequestsCommand } from './usecases/list-usage-requests/list-usage-requests.command';
import { ListUsageRequestsUseCase } from './usecases/list-usage-requests/list-usage-requests.usecase';

@ApiTags('usage')
@Controller('v1/usage')
export class UsageController {
  constructor(
    private readonly getUsageReport: GetUsageReportUseCase,
    private readonly listUsageRequests: ListUsageRequestsUseCase,
  ) {}

  @Get()
  @RequireScope('usage:read')
  @ApiOperation({ summary: "The workspace's usage", description:
      'Requests, tokens, cost, errors and latency percentiles over [from, to), grouped by model, UTC day, both, or deployment; optionally for one model or deployment. Read from rollups per day, hour and minute (raw records only for the seconds at each end), so it stays fast at any traffic; rollups outlive raw records (docs/usage.md).' })
  @ApiOkResponse({ type: UsageReportDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  report(@CurrentAuth() auth: AuthContext, @Query() query: UsageQueryDto): Promise<UsageReport> {
    return this.getUsageReport.execute(GetUsageReportCommand.create({ workspaceId: auth.workspaceId, from: query.from, to: query.to, groupBy: query.groupBy, model: query.model, deployment: query.deployment }));
  }

  @Get('requests')
  @RequireScope('usage:read')
  @ApiOperation({
    summary: "The workspace's requests, one by one",
    description:
      'The usage records behind the report, newest first (request id breaks ties), filtered by model, deployment, API key, endpoint and status class, one page at a time: pass `nextCursor` as `cursor`. Pages are stable while records arrive. Raw records are kept USAGE_RAW_RETENTION_DAYS (default 30).',
  })
  @ApiOkResponse({ type: UsageRequestsPageDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  requests(@CurrentAuth() auth: AuthContext, @Query() query: UsageRequestsQueryDto): Promise<UsageRequestsPage> {
    return this.listUsageRequests.execute(
      ListUsageRequestsCommand.create({
        workspaceId: auth.workspaceId,
        from: query.from,
        to: query.to,
        model: query.model,
        deployment: query.deployment,
        apiKeyId: query.apiKeyId,
        endpoint: query.endpoint,
        statusClass: query.status,
        limit: query.limit ?? 50,
        cursor: query.cursor,
      }),
    );
  }
}
