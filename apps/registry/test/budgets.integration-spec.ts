import { type BudgetThresholdEventPage, type BudgetView, createEnvelope, type CreateWorkspaceResponse, type ErrorBody, EVENT_TYPES, type ResponseCacheSummary, TOPICS, type UsageRecordedData } from '@model-garden/contracts';
import { eventually, KafkaTap, type RegistryHarness, startRegistry, topicsReady } from './registry-harness';

/** Budgets at the registry: REST with scopes and field errors, the ledger fed by usage events, alerts once per period, reset. */
describe('budgets (registry)', () => {
  let registry: RegistryHarness;
  let acme: CreateWorkspaceResponse;
  let globex: CreateWorkspaceResponse;
  const tap = new KafkaTap('budgets');
  let sequence = 0;

  const usage = (overrides: Partial<UsageRecordedData> = {}): UsageRecordedData => ({
    requestId: `req-${Date.now()}-${(sequence += 1)}`,
    workspaceId: acme.workspace.id,
    apiKeyId: acme.apiKey.id,
    modelId: 'openai/gpt-4o-mini',
    modelRef: 'openai/gpt-4o-mini',
    endpoint: 'chat.completions',
    status: 200,
    inputTokens: 100,
    outputTokens: 50,
    estimated: false,
    costUsd: 2,
    latencyMs: 10,
    streamed: false,
    occurredAt: new Date().toISOString(),
    ...overrides,
  });
  const send = (events: UsageRecordedData[]) =>
    tap.produce(
      registry.topic(TOPICS.usage),
      events.map((data) => createEnvelope(EVENT_TYPES.usageRecorded, '/model-garden/gateway', data.requestId, data)),
    );
  const get = async (id: string, token = acme.apiKey.key) => (await registry.request<BudgetView>('GET', `/v1/budgets/${id}`, { token })).body;

  beforeAll(async () => {
    registry = await startRegistry('budgets');
    acme = await registry.createWorkspace('acme-budgets');
    globex = await registry.createWorkspace('globex-budgets');
    await topicsReady(registry);
    await tap.listen([registry.topic(TOPICS.budgets)]);
  });

  afterAll(async () => {
    await tap.close();
    await registry?.close();
  });

  it('refuses a bad budget with a 400 naming every field', async () => {
    const bad = await registry.request<ErrorBody>('POST', '/v1/budgets', {
      token: acme.apiKey.key,
      body: { name: '', scope: { kind: 'workspace', targetId: 'x' }, period: 'hourly', limits: {}, alerts: [{ threshold: 150 }] },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details!.map((d) => d.field).sort()).toEqual(['alerts[0].threshold', 'limits', 'name', 'period', 'scope.targetId'].sort());
    const unknownKey = await registry.request<ErrorBody>('POST', '/v1/budgets', { token: acme.apiKey.key, body: { name: 'k', scope: { kind: 'api_key', targetId: globex.apiKey.id }, period: 'daily', limits: { amount: 1 } } });
    expect(unknownKey.status).toBe(400);
    expect(unknownKey.body.error.details).toEqual([expect.objectContaining({ field: 'scope.targetId' })]);
  });

  it('needs budgets:write to change and budgets:read to read; another workspace sees a 404', async () => {
    const reader = await registry.request<{ key: string }>('POST', '/v1/api-keys', { token: acme.apiKey.key, body: { label: 'reader', scopes: ['budgets:read'] } });
    const denied = await registry.request<ErrorBody>('POST', '/v1/budgets', { token: reader.body.key, body: { name: 'x', scope: { kind: 'workspace' }, period: 'daily', limits: { amount: 1 } } });
    expect(denied.status).toBe(403);
    const created = await registry.request<BudgetView>('POST', '/v1/budgets', { token: acme.apiKey.key, body: { name: 'Theirs?', scope: { kind: 'workspace' }, period: 'daily', limits: { amount: 1 } } });
    expect(created.status).toBe(201);
    expect((await registry.request('GET', `/v1/budgets/${created.body.id}`, { token: reader.body.key })).status).toBe(200);
    expect((await registry.request('GET', `/v1/budgets/${created.body.id}`, { token: globex.apiKey.key })).status).toBe(404);
    expect((await registry.request('DELETE', `/v1/budgets/${created.body.id}`, { token: acme.apiKey.key })).status).toBe(204);
  });

  it('counts usage events in the ledger once, publishes each threshold once per period, and resets', async () => {
    const created = await registry.request<BudgetView>('POST', '/v1/budgets', {
      token: acme.apiKey.key,
      body: { name: 'Key cap', scope: { kind: 'api_key', targetId: acme.apiKey.id }, period: 'monthly', limits: { amount: 10, tokenLimit: 800 }, alerts: [{ threshold: 50 }, { threshold: 100 }] },
    });
    expect(created.status).toBe(201);
    const budget = created.body;
    expect(budget.consumption).toMatchObject({ amount: 0, tokens: 0, requests: 0 });
    await tap.waitFor((e) => e.type === EVENT_TYPES.budgetChanged && e.subject === budget.id);

    const first = usage();
    // A redelivered event, a cache hit (no tokens, no cost), a refusal for a budget (not served) and another key's call.
    await send([first, first, usage({ costUsd: 0, cached: true, savedCostUsd: 2 }), usage({ status: 429, errorCode: 'budget_exceeded', costUsd: 0 }), usage({ apiKeyId: 'other-key' })]);
    const counted = await eventually(async () => {
      const view = await get(budget.id);
      return view.consumption.requests === 2 ? view : undefined;
    });
    expect(counted.consumption).toMatchObject({ amount: 2, tokens: 150, requests: 2 });
    expect(counted.consumption.resetsAt).toBe(new Date(Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth() + 1, 1)).toISOString());

    // Five more calls of $2 and 150 tokens: $12 of $10 and 900 of 800 tokens cross all four thresholds.
    await send([usage(), usage(), usage()]);
    await send([usage(), usage()]);
    const alerts = await tap.waitFor((e) => e.type === EVENT_TYPES.budgetThresholdReached && e.subject === budget.id, 4);
    expect(alerts.map((e) => `${(e.data as { metric: string }).metric}:${(e.data as { threshold: number }).threshold}`).sort()).toEqual(['amount:100', 'amount:50', 'tokens:100', 'tokens:50']);
    const listed = await eventually(async () => {
      const page = (await registry.request<BudgetThresholdEventPage>('GET', '/v1/budgets/alerts', { token: acme.apiKey.key })).body;
      return page.data.filter((a) => a.budgetId === budget.id).length === 4 ? page : undefined;
    });
    expect(listed.data[0]).toMatchObject({ budgetName: 'Key cap' });
    // No second event for a threshold already crossed this period.
    await send([usage()]);
    await eventually(async () => ((await get(budget.id)).consumption.requests === 8 ? true : undefined));
    expect(tap.events.filter((e) => e.type === EVENT_TYPES.budgetThresholdReached && e.subject === budget.id)).toHaveLength(4);

    const summary = (await registry.request<ResponseCacheSummary>('GET', '/v1/cache/summary', { token: acme.apiKey.key })).body;
    expect(summary).toMatchObject({ hits: 1, savedUsd: 2 });
    expect(summary.requests).toBeGreaterThanOrEqual(9);

    const reset = await registry.request<BudgetView>('POST', `/v1/budgets/${budget.id}/reset`, { token: acme.apiKey.key });
    expect(reset.status).toBe(200);
    expect(reset.body.consumption).toMatchObject({ amount: 0, tokens: 0, requests: 0 });
    expect(reset.body.resetAt).not.toBeNull();
    await tap.waitFor((e) => e.type === EVENT_TYPES.budgetChanged && e.subject === budget.id && (e.data as { change: string }).change === 'reset');
  });
});
