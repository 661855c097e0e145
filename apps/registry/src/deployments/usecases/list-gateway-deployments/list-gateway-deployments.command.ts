import { IsInt, IsString, IsUUID, Length, Max, Min } from 'class-validator';
import { BaseCommand } from '../../../shared/base.command';

/** ListDeployments (gRPC): orq.ai's list paging by deployment id. */
export class ListGatewayDeploymentsCommand extends BaseCommand {
  @IsUUID() workspaceId!: string;
  /** 0 means the default (10). */
  @IsInt() @Min(0) @Max(50) limit!: number;
  @IsString() @Length(0, 100) startingAfter!: string;
  @IsString() @Length(0, 100) endingBefore!: string;
}
