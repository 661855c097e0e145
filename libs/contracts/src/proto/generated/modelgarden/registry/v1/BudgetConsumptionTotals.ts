// Original file: libs/contracts/src/proto/registry.proto

import type { Long } from '@grpc/proto-loader';

export interface BudgetConsumptionTotals {
  'amountUsd'?: (number | string);
  'tokens'?: (number | string | Long);
  'requests'?: (number | string | Long);
}

export interface BudgetConsumptionTotals__Output {
  'amountUsd': (number);
  'tokens': (number);
  'requests': (number);
}
