// Original file: libs/contracts/src/proto/registry.proto

import type { Long } from '@grpc/proto-loader';

export interface GetBudgetConsumptionRequest {
  'workspaceId'?: (string);
  'budgetId'?: (string);
  'fromMs'?: (number | string | Long);
  'toMs'?: (number | string | Long);
}

export interface GetBudgetConsumptionRequest__Output {
  'workspaceId': (string);
  'budgetId': (string);
  'fromMs': (number);
  'toMs': (number);
}
