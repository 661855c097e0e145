import { Injectable } from '@nestjs/common';
import { type ColumnSpec, type ColumnView, describeRegions, type EvaluatorView, type FieldError, type ModelPricing, regionAllowed, regionRefusal } from '@model-garden/contracts';
import { type EntityManager } from 'typeorm';
import { type AuthContext } from '../auth/auth-context';
import { DatasetRepository } from '../datasets/dataset.repository';
import { DeploymentModels } from '../deployments/deployment-models.service';
import { DeploymentRepository } from '../deployments/deployment.repository';
import { type DatasetEntity } from '../datasets/dataset.entity';
import { type DeploymentVersionEntity } from '../deployments/deployment-version.entity';
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
 * embedding evaluator calls. Each problem is a 400 naming its field; a column whose model
 * (or a deployment column with a variant whose model) is outside the caller's
 * allowedRegions is a 422 `region_not_allowed` naming `columns[i]`, all in one answer.
 */
@Injectable()
export class ExperimentRules {
  constructor(
    private readonly datasets: DatasetRepository,
    private readonly evaluators: EvaluatorRepository,
    private readonly models: WorkspaceModels,
    private readonly deployments: DeploymentRepository,
    private readonly deploymentModels: DeploymentModels,
  ) {}

  async check(auth: AuthContext, input: { datasetId: string; columns: readonly ColumnSpec[]; evaluatorIds: readonly string[] }, manager?: EntityManager): Promise<CheckedExperiment> {
    const dataset = await this.datasets.getInWorkspace(auth.workspaceId, input.datasetId, manager).catch((error: unknown) => {
      if (error instanceof RegistryException && error.code === 'not_found') throw RegistryException.field('datasetId', 'datasetId: there is no dataset with this id in this workspace (GET /v1/datasets).');
      throw error;
    });
    const columns: ColumnView[] = [];
    const columnPricing: Record<string, ModelPricing | null> = {};
    const outsideRegions: FieldError[] = [];
    for (const [i, spec] of input.columns.entries()) {
      const id = spec.id ?? `c${i + 1}`;
      if (spec.kind === 'model') {
        const model = await this.models.require(auth, spec.model, 'chat', `columns[${i}].model`);
        if (!regionAllowed(model.region, auth.allowedRegions)) outsideRegions.push({ field: `columns[${i}].model`, message: `columns[${i}].model: ${regionRefusal(model.ref, model.region, auth.allowedRegions)}` });
        columns.push({ ...spec, id, name: spec.name.trim(), model: model.ref });
        columnPricing[id] = model.pricing;
      } else {
        const deployment = await this.deployments.getByKey(auth.workspaceId, spec.deployment, manager).catch((error: unknown) => {
          if (error instanceof RegistryException && error.code === 'not_found') {
            throw RegistryException.field(`columns[${i}].deployment`, `columns[${i}].deployment: there is no deployment "${spec.deployment}" in this workspace (GET /v1/deployments).`);
          }
          throw error;
        });
        const problem = await this.deploymentRegionProblem(auth, deployment.key, await this.deployments.getVersion(deployment, deployment.currentVersion, manager));
        if (problem) outsideRegions.push({ field: `columns[${i}].deployment`, message: `columns[${i}].deployment: ${problem}` });
        columns.push({ ...spec, id, name: spec.name.trim() });
        columnPricing[id] = null;
      }
    }
    if (outsideRegions.length > 0) throw RegistryException.regionNotAllowed(outsideRegions);
    const evaluators = await this.evaluators.views(auth.workspaceId, input.evaluatorIds, 'evaluatorIds', manager);
    for (const [i, evaluator] of evaluators.entries()) {
      if (evaluator.type === 'cosine_similarity' || evaluator.type === 'llm_judge') {
        const model = await this.models.require(auth, evaluator.config.model, evaluator.type === 'cosine_similarity' ? 'embedding' : 'chat', `evaluatorIds[${i}]`).catch((error: unknown) => {
          if (error instanceof RegistryException) throw RegistryException.field(`evaluatorIds[${i}]`, `evaluatorIds[${i}]: the evaluator "${evaluator.name}" calls a model that cannot be used: ${error.details?.[0]?.message ?? error.message}`);
          throw error;
        });
        if (!regionAllowed(model.region, auth.allowedRegions)) {
          throw RegistryException.regionNotAllowed([{ field: `evaluatorIds[${i}]`, message: `evaluatorIds[${i}]: the evaluator "${evaluator.name}" calls a model outside the allowed regions. ${regionRefusal(model.ref, model.region, auth.allowedRegions)}` }]);
        }
        evaluator.config = { ...evaluator.config, model: model.ref };
      }
    }
    return { dataset, columns, columnPricing, evaluators };
  }

  /** Why a deployment column cannot run under the caller's regions: a variant whose model is outside them (its fallbacks would be skipped, the call refused). */
  private async deploymentRegionProblem(auth: AuthContext, key: string, version: DeploymentVersionEntity): Promise<string | undefined> {
    if (!auth.allowedRegions) return undefined;
    for (const variant of version.config.variants) {
      const model = await this.deploymentModels.find(auth, variant.model.id);
      if (model && !regionAllowed(model.region, auth.allowedRegions)) {
        return `deployment "${key}" sends variant "${variant.key}" to model "${model.ref}" in region "${model.region}", outside the regions this API key may use (${describeRegions(auth.allowedRegions)}). Publish the variant on a model in an allowed region, or widen allowedRegions in the workspace settings.`;
      }
    }
    return undefined;
  }
}
