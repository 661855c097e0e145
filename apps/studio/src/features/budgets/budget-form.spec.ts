import { type BudgetView } from '@model-garden/contracts/browser';
import { budgetRequest, draftOf, emptyDraft, usedShare } from './budget-form';

describe('budget form', () => {
  it('builds the API body, scope included on create only', () => {
    const draft = { ...emptyDraft(), name: ' Cap ', scopeKind: 'model' as const, targetId: 'chat', amount: '25', alerts: '50, 100' };
    expect(budgetRequest(draft, false)).toEqual({
      body: { name: 'Cap', period: 'monthly', limits: { amount: 25, tokenLimit: null, requestsPerMinute: null }, alerts: [{ threshold: 50 }, { threshold: 100 }], active: true, scope: { kind: 'model', targetId: 'chat' } },
    });
    expect(budgetRequest(draft, true)).not.toHaveProperty('body.scope');
  });

  it('names every problem with the contracts\' rules', () => {
    const result = budgetRequest({ ...emptyDraft(), scopeKind: 'api_key', alerts: '120, 50, 50' }, false);
    expect('problems' in result && result.problems.map((p) => p.field)).toEqual(['name', 'limits', 'alerts', 'alerts', 'scope.targetId']);
  });

  it('shows the most used limit in the bar, and round-trips a budget', () => {
    const budget = {
      name: 'x',
      scope: { kind: 'workspace', targetId: null },
      period: 'daily',
      limits: { amount: 10, tokenLimit: 1000, requestsPerMinute: null },
      alerts: [{ threshold: 80 }],
      active: true,
      consumption: { amount: 2, tokens: 900, requests: 3, periodStart: '', resetsAt: null },
    } as unknown as BudgetView;
    expect(usedShare(budget)).toBeCloseTo(0.9);
    expect(budgetRequest(draftOf(budget), true)).toEqual({ body: { name: 'x', period: 'daily', limits: { amount: 10, tokenLimit: 1000, requestsPerMinute: null }, alerts: [{ threshold: 80 }], active: true } });
  });
});
