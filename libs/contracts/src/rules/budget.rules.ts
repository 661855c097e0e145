import { BUDGET_LIMITS, BUDGET_PERIODS, BUDGET_SCOPE_KINDS } from '../budgets/budget.types';
import { enumRule, integerRule, numberRule, textRule } from './field-rule';

/**
 * The rules of a budget's fields in `POST /v1/budgets` and `PATCH /v1/budgets/{id}`:
 * the registry's DTOs apply them, the API document shows them and the studio's budget
 * form checks with them.
 */
export const BUDGET_RULES = {
  name: textRule('name', { min: 1, max: BUDGET_LIMITS.nameChars }),
  scopeKind: enumRule('scope.kind', BUDGET_SCOPE_KINDS),
  scopeTargetId: textRule('scope.targetId', { min: 1, max: 200 }),
  period: enumRule('period', BUDGET_PERIODS),
  amount: numberRule('limits.amount', { min: 0.000001, max: BUDGET_LIMITS.maxAmountUsd, maxDecimalPlaces: 6, rangeMessage: `limits.amount must be a USD amount from 0.000001 to ${BUDGET_LIMITS.maxAmountUsd}` }),
  tokenLimit: integerRule('limits.tokenLimit', 1, BUDGET_LIMITS.maxTokens),
  requestsPerMinute: integerRule('limits.requestsPerMinute', 1, BUDGET_LIMITS.maxRequestsPerMinute),
  alertThreshold: integerRule('alerts[].threshold', 1, 100),
} as const;
