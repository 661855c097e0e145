import { Injectable } from '@nestjs/common';
import { type EvaluatorView } from '@model-garden/contracts';
import { DataSource } from 'typeorm';
import { WorkspaceModels } from '../../../experiments/workspace-models.service';
import { checkedEvaluatorConfig } from '../../evaluator-rules.util';
import { toEvaluatorView } from '../../evaluator.mapper';
import { EvaluatorRepository } from '../../evaluator.repository';
import { type UpdateEvaluatorCommand } from './update-evaluator.command';

/** Changes an evaluator; runs already started keep the settings they snapshotted. */
@Injectable()
export class UpdateEvaluatorUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly evaluators: EvaluatorRepository,
    private readonly models: WorkspaceModels,
  ) {}

  async execute(command: UpdateEvaluatorCommand): Promise<EvaluatorView> {
    const { auth, input } = command;
    const current = await this.evaluators.getInWorkspace(auth.workspaceId, command.id);
    const config = input.config === undefined ? current.config : await checkedEvaluatorConfig(auth, this.models, current.type, input.config);
    return this.dataSource.transaction(async (manager) => {
      const entity = await this.evaluators.getInWorkspace(auth.workspaceId, command.id, manager, true);
      if (input.name !== undefined) entity.name = input.name.trim();
      if (input.description !== undefined) entity.description = input.description;
      entity.config = config;
      entity.updatedAt = new Date();
      await this.evaluators.saveDetails(manager, entity);
      return toEvaluatorView(entity);
    });
  }
}
