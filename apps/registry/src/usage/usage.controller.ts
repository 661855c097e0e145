import { Controller, Get, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type UsageReport } from '@model-garden/contracts';
import { type AuthContext } from '../auth/auth-context';
import { CurrentAuth, RequireScope } from '../auth/scopes.decorator';
import { ErrorResponseDto } from '../shared/dtos/error-response.dto';
import { UsageQueryDto, UsageReportDto } from './dtos/usage.dto';
import { GetUsageReportUseCase } from './usecases/get-usage-report/get-usage-report.usecase';

@ApiTags('usage')
@Controller('v1/usage')
export class UsageController {
  constructor(private readonly getUsageReport: GetUsageReportUseCase) {}

  @Get()
  @RequireScope('usage:read')
  @ApiOperation({ summary: "The workspace's usage", description: 'Requests, tokens, cost, errors and latency percentiles over [from, to), grouped by model, UTC day, or both; optionally for one model.' })
  @ApiOkResponse({ type: UsageReportDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  report(@CurrentAuth() auth: AuthContext, @Query() query: UsageQueryDto): Promise<UsageReport> {
    return this.getUsageReport.execute({ workspaceId: auth.workspaceId, from: query.from, to: query.to, groupBy: query.groupBy, model: query.model, deployment: query.deployment });
  }
}
