import { createEnvelope, type CreateWorkspaceResponse, type ErrorBody, EVENT_TYPES, TOPICS, type UsageRecordedData, type UsageReport } from '@model-garden/contracts';
import { randomUUID } from 'node:crypto';
import { eventually, KafkaTap, type RegistryHarness, startRegistry, topicsReady } from './registry-harness';

/** A UTC day relative to today (usage records are kept for the last 30 days only). */
const DAY_MS = 86_400_000;
const day = (offset: number): string => new Date((Math.floor(Date.now() / DAY_MS) + offset) * DAY_MS).toISOString().slice(0, 10);
const D1 = day(-10);
const D2 = day(-9);
const D3 = day(-8);

/** Usage events from the gateway, consumed once each, aggregated for GET /v1/usage. */
describe('usage', () => {
  let registry: RegistryHarness;
  let acme: CreateWorkspaceResponse;
  let globex: CreateWorkspaceResponse;
  const tap = new KafkaTap('usage');

  const usage = (workspaceId: string, overrides: Partial<UsageRecordedData>): UsageRecordedData => ({
    requestId: randomUUID(),
    workspaceId,
    apiKeyId: randomUUID(),
    modelId: 'model-a',
    modelRef: 'acme@openailike/model-a',
    endpoint: 'chat.completions',
    status: 200,
    inputTokens: 100,
    outputTokens: 50,
    estimated: false,
    costUsd: 0.001,
    latencyMs: 100,
    streamed: false,
    occurredAt: `${D1}T10:00:00.000Z`,
    ...overrides,
  });
  const envelope = (data: UsageRecordedData) => createEnvelope(EVENT_TYPES.usageRecorded, '/model-garden/gateway', data.modelId, data, { time: new Date(data.occurredAt) });

  async function report(query: string, token = acme.apiKey.key) {
    return registry.request<UsageReport & ErrorBody>('GET', `/v1/usage?${query}`, { token });
  }

  beforeAll(async () => {
    registry = await startRegistry('usage');
    acme = await registry.createWorkspace('acme');
    globex = await registry.createWorkspace('globex');
    await topicsReady(registry);
    const id = acme.workspace.id;
    const events = [
      // model-a on D1: latencies 100..1000, one error, one streamed
      ...Array.from({ length: 10 }, (_, i) =>
        usage(id, { latencyMs: (i + 1) * 100, costUsd: 0.001, status: i === 9 ? 502 : 200, errorCode: i === 9 ? 'provider_error' : undefined, streamed: i === 0 }),
      ),
      // model-b on D2
      usage(id, { modelId: 'model-b', modelRef: 'acme@openailike/model-b', inputTokens: 1_000, outputTokens: 0, costUsd: 0.02, latencyMs: 40, endpoint: 'embeddings', occurredAt: `${D2}T23:59:59.000Z` }),
      usage(id, { modelId: 'groq/llama-3.1-8b-instant', modelRef: 'groq/llama-3.1-8b-instant', costUsd: 0.0005, latencyMs: 60, occurredAt: `${D2}T00:00:00.000Z` }),
      // outside the range, and another workspace's
      usage(id, { occurredAt: `${day(-2)}T00:00:00.000Z` }),
      usage(globex.workspace.id, { modelRef: 'globex@openailike/model-a', occurredAt: `${D1}T12:00:00.000Z` }),
    ];
    const duplicate = events[0]!;
    await tap.produce(registry.topic(TOPICS.usage), [...events, duplicate, duplicate].map(envelope));
    await eventually(async () => {
      const { rows } = await registry.db.query<{ n: number }>('SELECT count(*)::int AS n FROM usage_records');
      return rows[0]!.n === events.length ? true : undefined;
    });
    // A marker after the duplicates, on the same partition: once it is stored, the duplicates were consumed.
    const marker = usage(globex.workspace.id, { modelId: duplicate.modelId, occurredAt: new Date().toISOString() });
    await tap.produce(registry.topic(TOPICS.usage), [envelope(marker)]);
    await eventually(async () => ((await registry.db.query('SELECT 1 FROM usage_records WHERE request_id = $1', [marker.requestId])).rowCount === 1 ? true : undefined));
  });

  afterAll(async () => {
    await tap.close();
    await registry?.close();
  });

  it('aggregates by model: requests, tokens, cost, errors and latency percentiles, each request counted once', async () => {
    const result = await report(`from=${D1}T00:00:00Z&to=${D3}T00:00:00Z&groupBy=model`);
    expect(result.status).toBe(200);
    expect(result.body.from).toBe(`${D1}T00:00:00.000Z`);
    expect(result.body.to).toBe(`${D3}T00:00:00.000Z`);
    expect(result.body.totals).toEqual({
      requests: 12,
      errors: 1,
      inputTokens: 2_100,
      outputTokens: 550,
      images: 0,
      costUsd: 0.0305,
      latencyMs: { p50: expect.any(Number), p95: expect.any(Number), p99: expect.any(Number) },
    });
    expect(result.body.groups.map((g) => g.key)).toEqual(['acme@openailike/model-a', 'acme@openailike/model-b', 'groq/llama-3.1-8b-instant']);
    const modelA = result.body.groups[0]!;
    expect(modelA).toEqual({
      key: 'acme@openailike/model-a',
      modelRef: 'acme@openailike/model-a',
      modelId: 'model-a',
      requests: 10,
      errors: 1,
      inputTokens: 1_000,
      outputTokens: 500,
      images: 0,
      costUsd: 0.01,
      latencyMs: { p50: expect.any(Number), p95: expect.any(Number), p99: expect.any(Number) },
    });
    // Percentiles come from the rollups' histogram: within one bucket (≤ 19 %) of the exact 550, 955, 991 (percentile_cont).
    const { p50, p95, p99 } = modelA.latencyMs;
    expect(Math.abs(p50! - 550) / 550).toBeLessThan(0.19);
    expect(Math.abs(p95! - 955) / 955).toBeLessThan(0.19);
    expect(Math.abs(p99! - 991) / 991).toBeLessThan(0.19);
  });

  it('aggregates by UTC day', async () => {
    const result = await report(`from=${D1}&to=${D3}&groupBy=day`);
    expect(result.status).toBe(200);
    expect(result.body.groups.map((g) => [g.day, g.requests, g.costUsd])).toEqual([
      [D1, 10, 0.01],
      [D2, 2, 0.0205],
    ]);
  });

  it("keeps workspaces apart and defaults to the last 30 days", async () => {
    const globexReport = await report(`from=${D1}&to=${D3}`, globex.apiKey.key);
    expect(globexReport.body.totals.requests).toBe(1);
    expect(globexReport.body.groups.map((g) => g.key)).toEqual(['globex@openailike/model-a']);
    const recent = await report('', globex.apiKey.key);
    expect(recent.status).toBe(200);
    expect(recent.body.groupBy).toBe('model');
    // globex's two records (D1 and the marker, now): the default range ends now and reads the last seconds from raw records.
    expect(recent.body.totals).toMatchObject({ requests: 2 });
    const future = await report(`from=${day(1)}&to=${day(2)}`);
    expect(future.body.totals).toMatchObject({ requests: 0, latencyMs: { p50: null, p95: null, p99: null } });
  });

  it('validates from, to and groupBy', async () => {
    const bad = await report('from=yesterday&groupBy=week&extra=1');
    expect(bad.status).toBe(400);
    expect(bad.body.error.details?.map((d) => d.field).sort()).toEqual(['extra', 'from', 'groupBy']);
    expect((await report(`from=${D3}&to=${D1}`)).body.error.details?.[0]?.field).toBe('from');
    expect((await report('from=2020-01-01&to=2030-01-01')).body.error.details?.[0]?.field).toBe('to');
  });

  it('aggregates by UTC hour, over 31 days at most', async () => {
    const result = await report(`from=${D1}&to=${D3}&groupBy=hour`);
    expect(result.status).toBe(200);
    expect(result.body.groups.map((g) => [g.hour, g.requests])).toEqual([
      [`${D1}T10:00Z`, 10],
      [`${D2}T00:00Z`, 1],
      [`${D2}T23:00Z`, 1],
    ]);
    expect(result.body.groups[0]!.key).toBe(`${D1}T10:00Z`);
    const long = await report(`from=${day(-40)}&to=${day(-8)}&groupBy=hour`);
    expect(long.status).toBe(400);
    expect(long.body.error.details?.[0]?.field).toBe('to');
  });

  it('groups by model and day in one report: a time series per model', async () => {
    const result = await report(`from=${D1}T00:00:00Z&to=${D3}T00:00:00Z&groupBy=model,day`);
    expect(result.status).toBe(200);
    expect(result.body.groupBy).toBe('model,day');
    expect(result.body.groups.map((g) => [g.day, g.modelRef, g.modelId, g.requests])).toEqual([
      [D1, 'acme@openailike/model-a', 'model-a', 10],
      [D2, 'acme@openailike/model-b', 'model-b', 1],
      [D2, 'groq/llama-3.1-8b-instant', 'groq/llama-3.1-8b-instant', 1],
    ]);
    expect(result.body.groups[0]!.key).toBe(`${D1} acme@openailike/model-a`);
  });

  it('reports one model by its ref or its id', async () => {
    const range = `from=${D1}T00:00:00Z&to=${D3}T00:00:00Z`;
    const byRef = await report(`${range}&model=${encodeURIComponent('acme@openailike/model-a')}&groupBy=day`);
    expect(byRef.body.totals).toMatchObject({ requests: 10, errors: 1 });
    expect(byRef.body.groups.map((g) => [g.day, g.requests])).toEqual([[D1, 10]]);
    const byId = await report(`${range}&model=model-b`);
    expect(byId.body.totals).toMatchObject({ requests: 1, inputTokens: 1_000 });
    expect((await report(`${range}&model=nothing-like-it`)).body.totals.requests).toBe(0);
    // Another workspace's model is simply not there.
    expect((await report(`${range}&model=${encodeURIComponent('globex@openailike/model-a')}`)).body.totals.requests).toBe(0);
  });
});
