import { DeploymentCommand } from '../../deployments.command';

export class GetDeploymentCommand extends DeploymentCommand {}
