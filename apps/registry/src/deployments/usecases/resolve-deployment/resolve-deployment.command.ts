import { IsString, IsUUID, Length } from 'class-validator';
import { BaseCommand } from '../../../shared/base.command';

/** ResolveDeployment (gRPC): a deployment key within a workspace. */
export class ResolveDeploymentCommand extends BaseCommand {
  @IsUUID() workspaceId!: string;
  @IsString() @Length(1, 200) key!: string;
}
