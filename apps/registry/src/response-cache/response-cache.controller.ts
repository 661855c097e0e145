import { Controller, Get, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type ResponseCacheSummary } from '@model-garden/contracts';
import { type AuthContext } from '../auth/auth-context';
import { CurrentAuth, RequireScope } from '../auth/scopes.decorator';
import { ErrorResponseDto } from '../shared/dtos/error-response.dto';
import { CacheSummaryDto, CacheSummaryQueryDto } from './dtos/cache-summary.dto';
import { GetCacheSummaryCommand } from './usecases/get-cache-summary/get-cache-summary.command';
import { GetCacheSummaryUseCase } from './usecases/get-cache-summary/get-cache-summary.usecase';

@ApiTags('usage')
@Controller('v1/cache')
export class ResponseCacheController {
  constructor(private readonly getSummary: GetCacheSummaryUseCase) {}

  @Get('summary')
  @RequireScope('usage:read')
  @ApiOperation({
    summary: "The exact-match cache's hit ratio and savings",
    description: 'Gateway requests, cache hits (`cache: {type: "exact_match", ttl}`) and what the hits would have cost upstream, over [from, to).',
  })
  @ApiOkResponse({ type: CacheSummaryDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  summary(@CurrentAuth() auth: AuthContext, @Query() query: CacheSummaryQueryDto): Promise<ResponseCacheSummary> {
    return this.getSummary.execute(GetCacheSummaryCommand.create({ auth, from: query.from, to: query.to }));
  }
}
