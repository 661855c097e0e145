import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { RegistryException } from '../../../shared/registry.exception';
import { EvaluatorRepository } from '../../evaluator.repository';
import { type DeleteEvaluatorCommand } from './delete-evaluator.command';
import { ExperimentRepository } from '../../../experiments/experiment.repository';

/** Deletes a workspace evaluator; refused (409) while an experiment names it. Runs keep their snapshot. */
@Injectable()
export class DeleteEvaluatorUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly evaluators: EvaluatorRepository,
    private readonly experiments: ExperimentRepository,
  ) {}

  async execute(command: DeleteEvaluatorCommand): Promise<void> {
    if (command.id.startsWith('builtin.')) throw RegistryException.conflict('Built-in evaluators cannot be deleted.');
    await this.dataSource.transaction(async (manager) => {
      const entity = await this.evaluators.getInWorkspace(command.auth.workspaceId, command.id, manager, true);
      const users = await this.experiments.countUsingEvaluator(manager, entity.id);
      if (users > 0) throw RegistryException.conflict(`${users} experiment${users === 1 ? ' uses' : 's use'} this evaluator; remove it from ${users === 1 ? 'that experiment' : 'them'} first.`);
      await this.evaluators.remove(manager, entity.id);
    });
  }
}
