// Original file: libs/contracts/src/proto/registry.proto

import type { ExperimentCellPlan as _modelgarden_registry_v1_ExperimentCellPlan, ExperimentCellPlan__Output as _modelgarden_registry_v1_ExperimentCellPlan__Output } from '../../../modelgarden/registry/v1/ExperimentCellPlan';

export interface ListExperimentRunCellsResponse {
  'cells'?: (_modelgarden_registry_v1_ExperimentCellPlan)[];
  /**
   * Empty on the last page.
   */
  'nextPageToken'?: (string);
}

export interface ListExperimentRunCellsResponse__Output {
  'cells': (_modelgarden_registry_v1_ExperimentCellPlan__Output)[];
  /**
   * Empty on the last page.
   */
  'nextPageToken': (string);
}
