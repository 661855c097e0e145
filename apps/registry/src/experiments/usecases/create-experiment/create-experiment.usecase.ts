import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { type ColumnSpec, type ExperimentView } from '@model-garden/contracts';
import { ExperimentEntity } from '../../experiment.entity';
import { toExperimentView } from '../../experiment.mapper';
import { ExperimentRepository } from '../../experiment.repository';
import { ExperimentRules } from '../../experiment-rules.service';
import { type CreateExperimentCommand } from './create-experiment.command';

export const DEFAULT_CONCURRENCY_PER_MODEL = 4;

/** An experiment whose dataset, column models and evaluators exist in the workspace. */
@Injectable()
export class CreateExperimentUseCase {
  constructor(
    private readonly experiments: ExperimentRepository,
    private readonly rules: ExperimentRules,
  ) {}

  async execute(command: CreateExperimentCommand): Promise<ExperimentView> {
    const { auth, input } = command;
    const evaluatorIds = input.evaluatorIds ?? [];
    const checked = await this.rules.check(auth, { datasetId: input.datasetId, columns: input.columns as ColumnSpec[], evaluatorIds });
    const now = new Date();
    const entity = Object.assign(new ExperimentEntity(), {
      id: randomUUID(),
      workspaceId: auth.workspaceId,
      name: input.name.trim(),
      description: input.description ?? null,
      datasetId: checked.dataset.id,
      columns: checked.columns,
      evaluatorIds,
      repetitions: input.repetitions ?? 1,
      concurrencyPerModel: input.concurrencyPerModel ?? DEFAULT_CONCURRENCY_PER_MODEL,
      runCount: 0,
      lastRunId: null,
      createdAt: now,
      updatedAt: now,
    } satisfies ExperimentEntity);
    await this.experiments.insert(entity);
    return toExperimentView(entity);
  }
}
