import { DeploymentCommand } from '../../deployments.command';

export class DeleteDeploymentCommand extends DeploymentCommand {}
