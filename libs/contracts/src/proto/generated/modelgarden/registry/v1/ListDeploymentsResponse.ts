// Original file: libs/contracts/src/proto/registry.proto

import type { ResolvedDeployment as _modelgarden_registry_v1_ResolvedDeployment, ResolvedDeployment__Output as _modelgarden_registry_v1_ResolvedDeployment__Output } from '../../../modelgarden/registry/v1/ResolvedDeployment';

export interface ListDeploymentsResponse {
  'deployments'?: (_modelgarden_registry_v1_ResolvedDeployment)[];
  'hasMore'?: (boolean);
}

export interface ListDeploymentsResponse__Output {
  'deployments': (_modelgarden_registry_v1_ResolvedDeployment__Output)[];
  'hasMore': (boolean);
}
