import { Injectable } from '@nestjs/common';
import { type EvaluatorListPage } from '@model-garden/contracts';
import { BUILTIN_EVALUATOR_VIEWS, toEvaluatorView } from '../../evaluator.mapper';
import { EvaluatorRepository } from '../../evaluator.repository';
import { type ListEvaluatorsCommand } from './list-evaluators.command';

/** The built-in evaluators, then the workspace's (newest first). */
@Injectable()
export class ListEvaluatorsUseCase {
  constructor(private readonly evaluators: EvaluatorRepository) {}

  async execute(command: ListEvaluatorsCommand): Promise<EvaluatorListPage> {
    const rows = await this.evaluators.list(command.auth.workspaceId);
    return { data: [...BUILTIN_EVALUATOR_VIEWS, ...rows.map(toEvaluatorView)] };
  }
}
