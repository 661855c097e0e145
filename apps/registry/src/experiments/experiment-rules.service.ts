import { Injectable } from '@nestjs/common';
import { type ColumnSpec, type ColumnView, type EvaluatorView, type ModelPricing } from '@model-garden/contracts';
import { type EntityManager } from 'typeorm';
import { type AuthContext } from '../auth/auth-context';
import { DatasetRepository } from '../datasets/dataset.repository';
import { DeploymentRepository } from '../deployments/deployment.repository';
import { type DatasetEntity } from '../datasets/dataset.entity';
import { EvaluatorRepository } from '../evaluators/evaluator.repository';
import { RegistryException } from '../shared/registry.exception';
import { WorkspaceModels } from './workspace-models.service';

export interface CheckedExperiment {
  dataset: DatasetEntity;
  columns: ColumnView[];
  columnPricing: Record<string, ModelPricing | null>;
  evaluators: EvaluatorView[];
}

/**
 * What an experiment names must exist in the workspace, checked when it is saved and
 * again when a run starts: the dataset, each column's chat model (its ref made
 * canonical, its prices kept), each column's deployment, and each evaluator, with the model a judge or an
 * embedding evaluator calls. Each problem is a 400 naming its field.
 */
@Injectable()
export class ExperimentRules {
  constructor(
    private readonly datasets: DatasetRepository,
    private readonly evaluators: EvaluatorRepository,
    private readonly models: WorkspaceModels,
    private readonly deployments: DeploymentRepository,
  ) {}

  async check(auth: AuthContext, input: { datasetId: string; columns: readonly ColumnSpec[]; evaluatorIds: readonly string[] }, manager?: EntityManager): Promise<CheckedExperiment> {
    const dataset = await this.datasets.getInWorkspace(auth.workspaceId, input.datasetId, manager).catch((error: unknown) => {
      if (error instanceof RegistryException && error.code === 'not_found') throw RegistryException.field('datasetId', 'datasetId: there is no dataset with this id in this workspace (GET /v1/datasets).');
      throw error;
    });
    const columns: ColumnView[] = [];
    const columnPricing: Record<string, ModelPricing | null> = {};
    for (const [i, spec] of input.columns.entries()) {
      const id = spec.id ?? `c${i + 1}`;
      if (spec.kind === 'model') {
        const model = await this.models.require(auth, spec.model, 'chat', `columns[${i}].model`);
        columns.push({ ...spec, id, name: spec.name.trim(), model: model.ref });
        columnPricing[id] = model.pricing;
      } else {
        await this.deployments.getByKey(auth.workspaceId, spec.deployment, manager).catch((error: unknown) => {
          if (error instanceof RegistryException && error.code === 'not_found') {
            throw RegistryException.field(`columns[${i}].deployment`, `columns[${i}].deployment: there is no deployment "${spec.deployment}" in this workspace (GET /v1/deployments).`);
          }
          throw error;
        });
        columns.push({ ...spec, id, name: spec.name.trim() });
        columnPricing[id] = null;
      }
    }
    const evaluators = await this.evaluators.views(auth.workspaceId, input.evaluatorIds, 'evaluatorIds', manager);
    for (const [i, evaluator] of evaluators.entries()) {
      if (evaluator.type === 'cosine_similarity' || evaluator.type === 'llm_judge') {
        const model = await this.models.require(auth, evaluator.config.model, evaluator.type === 'cosine_similarity' ? 'embedding' : 'chat', `evaluatorIds[${i}]`).catch((error: unknown) => {
          if (error instanceof RegistryException) throw RegistryException.field(`evaluatorIds[${i}]`, `evaluatorIds[${i}]: the evaluator "${evaluator.name}" calls a model that cannot be used: ${error.details?.[0]?.message ?? error.message}`);
          throw error;
        });
        evaluator.config = { ...evaluator.config, model: model.ref };
      }
    }
    return { dataset, columns, columnPricing, evaluators };
  }
}
