// Original file: libs/contracts/src/proto/registry.proto

import type { ExperimentColumnPlan as _modelgarden_registry_v1_ExperimentColumnPlan, ExperimentColumnPlan__Output as _modelgarden_registry_v1_ExperimentColumnPlan__Output } from '../../../modelgarden/registry/v1/ExperimentColumnPlan';
import type { ExperimentEvaluatorPlan as _modelgarden_registry_v1_ExperimentEvaluatorPlan, ExperimentEvaluatorPlan__Output as _modelgarden_registry_v1_ExperimentEvaluatorPlan__Output } from '../../../modelgarden/registry/v1/ExperimentEvaluatorPlan';

export interface ExperimentRunPlan {
  'runId'?: (string);
  'experimentId'?: (string);
  'workspaceId'?: (string);
  /**
   * RUN_STATUSES.
   */
  'status'?: (string);
  'dispatch'?: (number);
  'repetitions'?: (number);
  'concurrencyPerModel'?: (number);
  'columns'?: (_modelgarden_registry_v1_ExperimentColumnPlan)[];
  'evaluators'?: (_modelgarden_registry_v1_ExperimentEvaluatorPlan)[];
  'datasetRevision'?: (number);
}

export interface ExperimentRunPlan__Output {
  'runId': (string);
  'experimentId': (string);
  'workspaceId': (string);
  /**
   * RUN_STATUSES.
   */
  'status': (string);
  'dispatch': (number);
  'repetitions': (number);
  'concurrencyPerModel': (number);
  'columns': (_modelgarden_registry_v1_ExperimentColumnPlan__Output)[];
  'evaluators': (_modelgarden_registry_v1_ExperimentEvaluatorPlan__Output)[];
  'datasetRevision': (number);
}
