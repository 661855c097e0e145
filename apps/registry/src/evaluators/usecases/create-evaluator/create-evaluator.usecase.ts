import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { type EvaluatorView } from '@model-garden/contracts';
import { WorkspaceModels } from '../../../experiments/workspace-models.service';
import { EvaluatorEntity } from '../../evaluator.entity';
import { checkedEvaluatorConfig } from '../../evaluator-rules.util';
import { toEvaluatorView } from '../../evaluator.mapper';
import { EvaluatorRepository } from '../../evaluator.repository';
import { type CreateEvaluatorCommand } from './create-evaluator.command';

/** A workspace evaluator, its settings checked in full (shape, JSON Schema, the model it calls). */
@Injectable()
export class CreateEvaluatorUseCase {
  constructor(
    private readonly evaluators: EvaluatorRepository,
    private readonly models: WorkspaceModels,
  ) {}

  async execute(command: CreateEvaluatorCommand): Promise<EvaluatorView> {
    const { auth, input } = command;
    const config = await checkedEvaluatorConfig(auth, this.models, input.type, input.config ?? {});
    const now = new Date();
    const entity = Object.assign(new EvaluatorEntity(), {
      id: randomUUID(),
      workspaceId: auth.workspaceId,
      name: input.name.trim(),
      description: input.description ?? null,
      type: input.type,
      config,
      createdAt: now,
      updatedAt: now,
    } satisfies EvaluatorEntity);
    await this.evaluators.insert(entity);
    return toEvaluatorView(entity);
  }
}
