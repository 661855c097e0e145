import { DeploymentCommand } from '../../deployments.command';

export class InvalidateDeploymentCacheCommand extends DeploymentCommand {}
