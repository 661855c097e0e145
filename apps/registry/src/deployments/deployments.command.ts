import { IsInt, IsString, Min } from 'class-validator';
import { AuthenticatedCommand } from '../auth/authenticated.command';

/** A command on one deployment of the caller's workspace, named by its key as the path gave it (a key that cannot exist is a 404, like a missing one). */
export abstract class DeploymentCommand extends AuthenticatedCommand {
  @IsString() key!: string;
}

/** A command on one version of a deployment. */
export abstract class DeploymentVersionCommand extends DeploymentCommand {
  @IsInt() @Min(1) version!: number;
}
