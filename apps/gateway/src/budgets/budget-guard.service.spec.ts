import { type EnforcedBudget } from '@model-garden/contracts';
import { createLogger, MetricsService, type ServiceConnections } from '@model-garden/platform';
import { type ServingModel } from '../catalogue/serving-model';
import { type GatewayConfig } from '../config/gateway.config';
import { type EndpointSpec } from '../inference/endpoints.constant';
import { GatewayMetrics } from '../metrics/gateway.metrics';
import { GatewayError } from '../shared/gateway.exception';
import { BudgetGuard } from './budget-guard.service';
import { type BudgetResolver } from './budget-resolver.service';
import { type BudgetStore, type ReserveOutcome } from './budget-store';

const NOW = Date.parse('2026-03-10T12:00:00Z');

function budget(overrides: Partial<EnforcedBudget>): EnforcedBudget {
  return { id: 'b', name: 'b', scopeKind: 'workspace', scopeTargetId: '', period: 'daily', amountUsd: 1, expiresAtMs: 0, createdAtMs: 0, resetAtMs: 0, resetCount: 0, ...overrides } as EnforcedBudget;
}

/** The guard with its registry and Redis replaced: which budgets apply, and which 429 names the most restrictive. */
describe('BudgetGuard', () => {
  const setup = (budgets: EnforcedBudget[], outcomes: ReserveOutcome[], cached: EnforcedBudget[] | undefined = undefined) => {
    const resolver = { cached: () => cached, forWorkspace: async () => budgets, consumption: async () => ({ amountUsd: 0, tokens: 0, requests: 0 }) } as unknown as BudgetResolver;
    const guard = new BudgetGuard({ redis: {} } as ServiceConnections, { REDIS_PREFIX: 't', GATEWAY_BUDGET_CLOCK_OFFSET_MS: 0, GATEWAY_BUDGET_DEFAULT_OUTPUT_TOKENS: 10 } as GatewayConfig, resolver, new GatewayMetrics(new MetricsService()), createLogger({ service: 'test', level: 'silent' }));
    guard.now = () => NOW;
    const seen: string[][] = [];
    const store = {
      reserve: async (counters: Array<{ periodKey: string }>) => (seen.push(counters.map((c) => c.periodKey)), outcomes.shift()!),
      rebuild: async () => true,
    } as unknown as BudgetStore;
    (guard as unknown as { store: BudgetStore }).store = store;
    return { guard, seen };
  };
  const subject = { apiKeyId: 'k1', modelId: 'm1', deploymentId: 'd1' };

  it('checks only the budgets whose scope matches, and none that expired; no budget: no Redis call', async () => {
    const { guard, seen } = setup(
      [budget({ id: 'w' }), budget({ id: 'k2', scopeKind: 'api_key', scopeTargetId: 'k2' }), budget({ id: 'm1', scopeKind: 'model', scopeTargetId: 'm1' }), budget({ id: 'old', expiresAtMs: NOW - 1 })],
      [{ kind: 'reserved', generations: ['g', 'g'] }],
    );
    expect(await guard.reserve('w1', subject, 0.01, 10)).toMatchObject({ generations: ['g', 'g'] });
    expect(seen[0]!.map((key) => key.split(':')[3])).toEqual(['w', 'm1']);
    const none = setup([budget({ id: 'k2', scopeKind: 'api_key', scopeTargetId: 'k2' })], []);
    expect(await none.guard.reserve('w1', subject, 0.01, 10)).toBeUndefined();
    expect(none.seen).toHaveLength(0);
  });

  it('answers at once, without a promise, when the cached budgets hold none that applies; reserves from the registry on a miss', async () => {
    const spec = { endpoint: 'chat.completions', tokenLimitFields: ['max_tokens'] } as unknown as EndpointSpec;
    const model = { pricing: { inputPerMillionTokens: 1, outputPerMillionTokens: 2 }, maxTokens: 100 } as unknown as ServingModel;
    const body = { model: 'm', messages: [{ role: 'user', content: 'hello' }], max_tokens: 50 };
    const otherKeys = [budget({ id: 'k2', scopeKind: 'api_key', scopeTargetId: 'k2' })];
    expect(setup([], [], []).guard.reserveFor(spec, 'w1', subject, model, body)).toBeUndefined();
    expect(setup([], [], otherKeys).guard.reserveFor(spec, 'w1', subject, model, body)).toBeUndefined();
    // Cached and applying: reserved in Redis (a promise), with the estimate of the body.
    const cachedHit = setup([], [{ kind: 'reserved', generations: ['g'] }], [budget({ id: 'w' })]);
    const reserved = cachedHit.guard.reserveFor(spec, 'w1', subject, model, body);
    expect(reserved).toBeInstanceOf(Promise);
    expect(await reserved).toMatchObject({ generations: ['g'], estimate: { tokens: expect.any(Number) as number } });
    expect((await reserved)!.estimate.tokens).toBeGreaterThan(50);
    // Not cached: asked from the registry (forWorkspace), then the same decision.
    const miss = setup([budget({ id: 'w' })], [{ kind: 'reserved', generations: ['g'] }]);
    expect(await miss.guard.reserveFor(spec, 'w1', subject, model, body)).toMatchObject({ generations: ['g'] });
    expect(miss.seen).toHaveLength(1);
  });

  it('rebuilds missing counters, then names the most restrictive used-up budget: the one that frees up last', async () => {
    const { guard, seen } = setup(
      [budget({ id: 'daily', name: 'Daily' }), budget({ id: 'monthly', name: 'Monthly', period: 'monthly' }), budget({ id: 'rpm', amountUsd: undefined, requestsPerMinute: 5 })],
      [
        { kind: 'missing', indexes: [0, 1] },
        { kind: 'refused', refused: [{ index: 0, limit: 'amount' }, { index: 1, limit: 'amount' }, { index: 2, limit: 'requests_per_minute' }] },
      ],
    );
    const error = await guard.reserve('w1', subject, 0.01, 10).catch((e: unknown) => e);
    expect(seen).toHaveLength(2);
    expect(error).toBeInstanceOf(GatewayError);
    expect(error).toMatchObject({ status: 429, code: 'budget_exceeded', headers: { 'x-model-garden-budget': 'monthly', 'retry-after': String((Date.parse('2026-04-01T00:00:00Z') - NOW) / 1000) } });
    expect((error as Error).message).toContain('It resets at 2026-04-01T00:00:00.000Z');
  });
});
