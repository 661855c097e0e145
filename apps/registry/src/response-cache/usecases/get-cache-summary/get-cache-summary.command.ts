import { IsISO8601, IsOptional } from 'class-validator';
import { AuthenticatedCommand } from '../../../auth/authenticated.command';

export class GetCacheSummaryCommand extends AuthenticatedCommand {
  @IsOptional() @IsISO8601() from?: string;
  @IsOptional() @IsISO8601() to?: string;
}
