import { type BudgetEntity } from '../../budget.entity';
import { crossed } from './charge-budgets.usecase';

describe('budget alert thresholds', () => {
  const budget = (overrides: Partial<BudgetEntity>): BudgetEntity => ({ amountUsd: 10, tokenLimit: null, alertThresholds: [50, 80, 100], ...overrides }) as BudgetEntity;

  it('lists every threshold the consumption has reached, per limit', () => {
    expect(crossed(budget({}), { amount: 8, tokens: 0, requests: 3 }).map((c) => c.threshold)).toEqual([50, 80]);
    expect(crossed(budget({}), { amount: 4.99, tokens: 0, requests: 3 })).toEqual([]);
    expect(crossed(budget({ tokenLimit: 100 }), { amount: 10, tokens: 50, requests: 3 })).toEqual([
      { metric: 'amount', threshold: 50, consumed: 10, limit: 10 },
      { metric: 'amount', threshold: 80, consumed: 10, limit: 10 },
      { metric: 'amount', threshold: 100, consumed: 10, limit: 10 },
      { metric: 'tokens', threshold: 50, consumed: 50, limit: 100 },
    ]);
  });

  it('has nothing to say for a limit it does not have', () => {
    expect(crossed(budget({ amountUsd: null }), { amount: 100, tokens: 100, requests: 3 })).toEqual([]);
  });
});
