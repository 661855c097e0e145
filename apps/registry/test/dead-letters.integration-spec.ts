import { randomUUID } from 'node:crypto';
import { createEnvelope, type CreateWorkspaceResponse, EVENT_TYPES, type ModelView, TOPICS, type UsageRecordedData, type UsageReport } from '@model-garden/contracts';
import { DeadLetterTap } from '@model-garden/testing';
import { eventually, modelValidated, type RegistryHarness, startRegistry, topicsReady } from './registry-harness';

/**
 * Poison on every topic the registry consumes (usage, validation): each one is parked
 * on `<topic>.dlq` and the good event after it, in the same partition (same key), is
 * applied. Token counts beyond 32 bits are stored, not refused.
 */
/** Usage records are kept for recent days only: the events happen today. */
const TODAY = new Date().toISOString().slice(0, 10);

describe('registry consumer: dead letters and 64-bit usage', () => {
  let registry: RegistryHarness;
  let acme: CreateWorkspaceResponse;
  const tap = new DeadLetterTap('registry-dlq');
  const KEY = 'model-poisoned';

  const usage = (overrides: Partial<UsageRecordedData> = {}): UsageRecordedData => ({
    requestId: randomUUID(),
    workspaceId: acme.workspace.id,
    apiKeyId: randomUUID(),
    modelId: KEY,
    modelRef: 'acme@openailike/model-poisoned',
    endpoint: 'chat.completions',
    status: 200,
    inputTokens: 10,
    outputTokens: 5,
    estimated: false,
    costUsd: 0.001,
    latencyMs: 12,
    streamed: false,
    occurredAt: `${TODAY}T00:00:01.000Z`,
    ...overrides,
  });
  const envelope = (data: UsageRecordedData) => createEnvelope(EVENT_TYPES.usageRecorded, '/model-garden/gateway', KEY, data);
  const stored = async (requestId: string) => ((await registry.db.query('SELECT 1 FROM usage_records WHERE request_id = $1', [requestId])).rowCount === 1 ? true : undefined);

  beforeAll(async () => {
    registry = await startRegistry('dead_letters');
    acme = await registry.createWorkspace('acme');
    await topicsReady(registry);
    await tap.listen([registry.topic(TOPICS.usage), registry.topic(TOPICS.validation)]);
  });

  afterAll(async () => {
    await tap.close();
    await registry?.close();
  });

  it('stores a usage figure beyond 32 bits and sums it exactly', async () => {
    const huge = usage({ inputTokens: 3_000_000_000, outputTokens: 4_000_000_000 });
    const next = usage();
    await tap.produce(registry.topic(TOPICS.usage), KEY, [envelope(huge), envelope(next)]);
    await eventually(() => stored(next.requestId), 20_000, 'the event after the huge one');
    expect(await stored(huge.requestId)).toBe(true);
    const report = await registry.request<UsageReport>('GET', `/v1/usage?from=${TODAY}T00:00:00Z&to=${TODAY}T00:00:02Z`, { token: acme.apiKey.key });
    expect(report.status).toBe(200);
    expect(report.body.totals).toMatchObject({ requests: 2, inputTokens: 3_000_000_010, outputTokens: 4_000_000_005 });
  });

  it('parks poison usage events (unparseable, invalid, refused by PostgreSQL) and applies the next one', async () => {
    const invalid = usage({ inputTokens: 2 ** 60 });
    const unstorable = usage({ modelRef: 'acme@openailike/nul\u0000byte' });
    const good = usage();
    await tap.produce(registry.topic(TOPICS.usage), KEY, ['not json at all', envelope(invalid), envelope(unstorable), envelope(good)]);
    await eventually(() => stored(good.requestId), 20_000, 'the good usage event');
    const parked = await tap.waitFor((l) => l.sourceTopic === registry.topic(TOPICS.usage), 3);
    expect(parked.map((l) => l.reason).sort()).toEqual(['data_exception', 'invalid', 'unparseable']);
    expect(parked.every((l) => l.topic === `${registry.topic(TOPICS.usage)}.dlq` && l.key === KEY && l.group === registry.config.KAFKA_GROUP_ID)).toBe(true);
    expect(parked.find((l) => l.reason === 'invalid')!.error).toBe('invalid fields: inputTokens');
    expect(parked.find((l) => l.reason === 'data_exception')!.error).toMatch(/^PostgreSQL 22/);
    expect(await stored(invalid.requestId)).toBeUndefined();
    expect(await stored(unstorable.requestId)).toBeUndefined();
    const metrics = await fetch(`${registry.internalUrl}/metrics`).then((r) => r.text());
    expect(metrics).toMatch(/model_garden_kafka_dead_letters_total\{topic="[^"]+usage\.v1",reason="invalid"\} 1/);
  });

  it('parks poison validation events and applies the next one for the same model', async () => {
    const created = await registry.request<ModelView>('POST', '/v1/models', {
      token: acme.apiKey.key,
      body: { type: 'chat', baseUrl: 'http://127.0.0.1:9/v1', apiKey: `sk-test-${randomUUID()}`, name: 'Poisoned', modelId: 'poisoned', region: 'us' },
    });
    expect(created.status).toBe(202);
    const model = { id: created.body.id, workspaceId: acme.workspace.id };
    const invalid = modelValidated(model, 1, 'active');
    (invalid.data as unknown as Record<string, unknown>)['revision'] = 'one';
    await tap.produce(registry.topic(TOPICS.validation), model.id, ['{"specversion":"1.0"}', invalid, modelValidated(model, 1, 'active')]);
    await eventually(async () => ((await registry.request<ModelView>('GET', `/v1/models/${model.id}`, { token: acme.apiKey.key })).body.status === 'active' ? true : undefined), 20_000, 'the model to be active');
    const parked = await tap.waitFor((l) => l.sourceTopic === registry.topic(TOPICS.validation), 2);
    expect(parked.map((l) => l.reason).sort()).toEqual(['invalid', 'unparseable']);
    expect(parked.find((l) => l.reason === 'invalid')!.error).toContain('revision');
  });
});
