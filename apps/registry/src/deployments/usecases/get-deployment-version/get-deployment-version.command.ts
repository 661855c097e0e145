import { DeploymentVersionCommand } from '../../deployments.command';

export class GetDeploymentVersionCommand extends DeploymentVersionCommand {}
