import { Injectable } from '@nestjs/common';
import { type EvaluatorView } from '@model-garden/contracts';
import { EvaluatorRepository } from '../../evaluator.repository';
import { type GetEvaluatorCommand } from './get-evaluator.command';

@Injectable()
export class GetEvaluatorUseCase {
  constructor(private readonly evaluators: EvaluatorRepository) {}

  async execute(command: GetEvaluatorCommand): Promise<EvaluatorView> {
    const builtIn = command.id.startsWith('builtin.') ? await this.evaluators.views(command.auth.workspaceId, [command.id], 'id').catch(() => undefined) : undefined;
    if (builtIn) return builtIn[0]!;
    const [view] = await this.evaluators.views(command.auth.workspaceId, [(await this.evaluators.getInWorkspace(command.auth.workspaceId, command.id)).id], 'id');
    return view!;
  }
}
