import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { type ResponseCacheSummary } from '@model-garden/contracts';
import { IsISO8601, IsOptional } from 'class-validator';

/** `GET /v1/cache/summary` query. */
export class CacheSummaryQueryDto {
  @ApiPropertyOptional({ format: 'date-time', description: 'Default: 30 days before `to`' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'from must be an ISO-8601 date or date-time' })
  from?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Default: now' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'to must be an ISO-8601 date or date-time' })
  to?: string;
}

export class CacheSummaryDto implements ResponseCacheSummary {
  @ApiProperty({ format: 'date-time' }) from!: string;
  @ApiProperty({ format: 'date-time' }) to!: string;
  @ApiProperty({ description: 'Gateway requests in the window' }) requests!: number;
  @ApiProperty({ description: 'Of them, answered by the exact-match cache' }) hits!: number;
  @ApiProperty({ description: 'hits / requests' }) hitRatio!: number;
  @ApiProperty({ description: 'USD the hits would have cost upstream' }) savedUsd!: number;
}
