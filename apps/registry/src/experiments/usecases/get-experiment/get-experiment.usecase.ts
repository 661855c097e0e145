import { Injectable } from '@nestjs/common';
import { type ExperimentView } from '@model-garden/contracts';
import { toExperimentView } from '../../experiment.mapper';
import { ExperimentRepository } from '../../experiment.repository';
import { type GetExperimentCommand } from './get-experiment.command';

@Injectable()
export class GetExperimentUseCase {
  constructor(
    private readonly experiments: ExperimentRepository,
  ) {}

  async execute(command: GetExperimentCommand): Promise<ExperimentView> {
    return toExperimentView(await this.experiments.getInWorkspace(command.auth.workspaceId, command.id));
  }
}
