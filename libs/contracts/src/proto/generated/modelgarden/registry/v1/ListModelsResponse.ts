// Original file: libs/contracts/src/proto/registry.proto

import type { ModelSummary as _modelgarden_registry_v1_ModelSummary, ModelSummary__Output as _modelgarden_registry_v1_ModelSummary__Output } from '../../../modelgarden/registry/v1/ModelSummary';

export interface ListModelsResponse {
  'models'?: (_modelgarden_registry_v1_ModelSummary)[];
}

export interface ListModelsResponse__Output {
  'models': (_modelgarden_registry_v1_ModelSummary__Output)[];
}
