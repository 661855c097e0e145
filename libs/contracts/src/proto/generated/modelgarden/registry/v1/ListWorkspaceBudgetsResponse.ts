// Original file: libs/contracts/src/proto/registry.proto

import type { EnforcedBudget as _modelgarden_registry_v1_EnforcedBudget, EnforcedBudget__Output as _modelgarden_registry_v1_EnforcedBudget__Output } from '../../../modelgarden/registry/v1/EnforcedBudget';

export interface ListWorkspaceBudgetsResponse {
  'budgets'?: (_modelgarden_registry_v1_EnforcedBudget)[];
}

export interface ListWorkspaceBudgetsResponse__Output {
  'budgets': (_modelgarden_registry_v1_EnforcedBudget__Output)[];
}
