import { Injectable } from '@nestjs/common';
import { type ExperimentRunPlan } from '@model-garden/contracts';
import { RegistryException } from '../../../shared/registry.exception';
import { type GetRunPlanCommand } from './get-run-plan.command';
import { RunRepository } from '../../run.repository';

/** The run's snapshot for the experiment worker (gRPC GetExperimentRun): no credential, no datapoint. */
@Injectable()
export class GetRunPlanUseCase {
  constructor(
    private readonly runs: RunRepository,
  ) {}

  async execute(command: GetRunPlanCommand): Promise<ExperimentRunPlan> {
    const run = await this.runs.findRun(command.runId);
    if (!run) throw RegistryException.notFound('run');
    const { snapshot } = run;
    return {
      runId: run.id,
      experimentId: run.experimentId,
      workspaceId: run.workspaceId,
      status: run.status,
      dispatch: run.dispatch,
      repetitions: snapshot.repetitions,
      concurrencyPerModel: snapshot.concurrencyPerModel,
      datasetRevision: run.datasetRevision,
      columns: snapshot.columns.map((column) => ({
        id: column.id,
        name: column.name,
        kind: column.kind,
        model: column.kind === 'model' ? column.model : '',
        messagesTemplateJson: column.kind === 'model' ? JSON.stringify(column.messages) : '[]',
        parametersJson: column.kind === 'model' ? JSON.stringify(column.parameters ?? {}) : '{}',
        deployment: column.kind === 'deployment' ? column.deployment : '',
        deploymentVersion: column.kind === 'deployment' ? (column.version ?? 0) : 0,
        deploymentVariant: column.kind === 'deployment' ? (column.variant ?? '') : '',
        deploymentContextJson: column.kind === 'deployment' ? JSON.stringify(column.context ?? {}) : '{}',
        pricing: snapshot.columnPricing[column.id] ?? {},
      })),
      evaluators: snapshot.evaluators.map((e) => ({ id: e.id, name: e.name, type: e.type, configJson: JSON.stringify(e.config) })),
    };
  }
}
