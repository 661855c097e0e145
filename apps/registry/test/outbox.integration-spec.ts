import { type CreateWorkspaceResponse, type EventEnvelope, EVENT_TYPES, type ModelView, TOPICS } from '@model-garden/contracts';
import { eventually, KafkaTap, namesFor, type RegistryHarness, startRegistry, topicsReady } from './registry-harness';

/**
 * The transactional outbox against real Kafka: with the broker unreachable every
 * write still succeeds and every event waits in the outbox; a registry that can
 * reach Kafka then publishes all of them, none lost, in order per model. Two
 * replicas relaying at once keep that order too. The shared broker is never
 * stopped: the outage is a registry configured with an address where no broker
 * listens.
 */
describe('transactional outbox', () => {
  const names = namesFor('outbox');
  const shared = { DATABASE_SCHEMA: names.schema, KAFKA_TOPIC_PREFIX: names.topicPrefix, KAFKA_GROUP_ID: names.groupId, OUTBOX_BATCH_SIZE: '7' };
  const tap = new KafkaTap('outbox');
  let workspace: CreateWorkspaceResponse;
  let replicas: RegistryHarness[] = [];

  const body = (i: number) => ({ type: 'chat', baseUrl: 'http://127.0.0.1:9/v1', apiKey: `sk-outbox-${i}-0000000000`, name: `Outbox ${i}`, modelId: `outbox-${i}`, region: 'us' });

  interface OutboxRow {
    id: string;
    message_key: string;
    published_at: Date | null;
  }

  async function outboxRows(registry: RegistryHarness): Promise<OutboxRow[]> {
    return (await registry.db.query<OutboxRow>('SELECT id, message_key, published_at FROM outbox ORDER BY seq')).rows;
  }

  /** Every outbox row arrived, and per message key the first arrivals follow the outbox order. */
  function expectDeliveredInOrder(rows: OutboxRow[], events: EventEnvelope[]): void {
    const firstSeen = new Map<string, number>();
    events.forEach((e, i) => (firstSeen.has(e.id) ? undefined : firstSeen.set(e.id, i)));
    for (const row of rows) expect(firstSeen.has(row.id)).toBe(true);
    const byKey = new Map<string, string[]>();
    for (const row of rows) byKey.set(row.message_key, [...(byKey.get(row.message_key) ?? []), row.id]);
    for (const [, ids] of byKey) {
      const positions = ids.map((id) => firstSeen.get(id)!);
      expect(positions).toEqual([...positions].sort((a, b) => a - b));
    }
  }

  afterAll(async () => {
    await tap.close();
    for (const replica of replicas) await replica.close();
  });

  it('accepts every write while Kafka is unreachable and keeps the events in the outbox', async () => {
    const offline = await startRegistry('outbox', { KAFKA_BROKERS: '127.0.0.1:1' });
    replicas = [offline];
    const ready = await offline.request<{ status: string; checks: Record<string, { status: string }> }>('GET', '/health/ready', { internal: true });
    expect(ready.status).toBe(503);
    expect(ready.body.checks['kafka']!.status).toBe('down');
    expect(ready.body.checks['database']!.status).toBe('up');

    workspace = await offline.createWorkspace('outbox');
    const token = workspace.apiKey.key;
    const models: ModelView[] = [];
    for (let i = 0; i < 8; i += 1) {
      const created = await offline.request<ModelView>('POST', '/v1/models', { token, body: body(i) });
      expect(created.status).toBe(202);
      models.push(created.body);
    }
    for (const model of models.slice(0, 4)) {
      expect((await offline.request('PATCH', `/v1/models/${model.id}`, { token, body: { baseUrl: 'http://127.0.0.1:10/v1' } })).status).toBe(202);
      expect((await offline.request('PATCH', `/v1/models/${model.id}`, { token, body: { name: `${model.name} renamed` } })).status).toBe(200);
    }
    expect((await offline.request('DELETE', `/v1/models/${models[7]!.id}`, { token })).status).toBe(204);
    const key = await offline.request<{ id: string }>('POST', '/v1/api-keys', { token, body: { label: 'temp', scopes: ['inference'] } });
    expect((await offline.request('DELETE', `/v1/api-keys/${key.body.id}`, { token })).status).toBe(204);

    const rows = await outboxRows(offline);
    expect(rows).toHaveLength(8 + 8 + 1 + 1);
    expect(rows.every((r) => r.published_at === null)).toBe(true);
    await offline.close();
    replicas = [];
  });

  it('publishes every waiting event once a registry reaches Kafka, none lost, in order per model', async () => {
    const online = await startRegistry('outbox', shared);
    replicas = [online];
    await topicsReady(online);
    await tap.listen([online.topic(TOPICS.models), online.topic(TOPICS.apiKeys)]);
    const rows = await outboxRows(online);
    const events = await tap.waitFor((e) => rows.some((r) => r.id === e.id), rows.length);
    expectDeliveredInOrder(rows, tap.events);
    expect(events.filter((e) => e.type === EVENT_TYPES.modelAdded)).toHaveLength(8);
    expect(events.filter((e) => e.type === EVENT_TYPES.modelUpdated)).toHaveLength(8);
    expect(events.filter((e) => e.type === EVENT_TYPES.modelDeleted)).toHaveLength(1);
    expect(events.filter((e) => e.type === EVENT_TYPES.apiKeyRevoked)).toHaveLength(1);
    await eventually(async () => ((await outboxRows(online)).every((r) => r.published_at !== null) ? true : undefined));
  });

  it('two replicas relaying at once deliver every event in order per model', async () => {
    const second = await startRegistry('outbox-2', shared);
    replicas.push(second);
    const [first] = replicas;
    const token = workspace.apiKey.key;
    const models: string[] = [];
    for (let i = 10; i < 14; i += 1) models.push((await first!.request<ModelView>('POST', '/v1/models', { token, body: body(i) })).body.id);
    // Interleaved changes of the same models through both replicas.
    await Promise.all(
      Array.from({ length: 24 }, (_, i) => {
        const replica = replicas[i % 2]!;
        return replica.request('PATCH', `/v1/models/${models[i % models.length]}`, { token, body: { name: `round ${i}`, temperature: (i % 20) / 10 } });
      }),
    );
    const rows = (await outboxRows(first!)).filter((r) => models.includes(r.message_key));
    expect(rows).toHaveLength(4 + 24);
    await tap.waitFor((e) => rows.some((r) => r.id === e.id), rows.length);
    expectDeliveredInOrder(rows, tap.events);
    await eventually(async () => ((await outboxRows(first!)).every((r) => r.published_at !== null) ? true : undefined));
  });
});
