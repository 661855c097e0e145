import { ByteBudget } from './byte-budget';

describe('ByteBudget', () => {
  it('takes bytes while they fit, and gives them back', () => {
    const budget = new ByteBudget(100);
    expect(budget.take(60)).toBe(true);
    expect(budget.take(50)).toBe(false);
    expect(budget.inUse).toBe(60);
    budget.give(60);
    expect(budget.take(100)).toBe(true);
    budget.give(500);
    expect(budget.inUse).toBe(0);
  });
});
