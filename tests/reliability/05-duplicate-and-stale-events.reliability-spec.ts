import { randomUUID } from 'node:crypto';
import { createEnvelope, EVENT_TYPES, type EventEnvelope, type ModelValidatedData, TOPICS, type UsageRecordedData } from '@model-garden/contracts';
import { bearer, closeHttp, http } from './support/http';
import { sleep } from './support/infra';
import { envelopes, produce, readTopics, topicOf } from './support/kafka';
import {
  chatModelBody,
  createActiveModel,
  createWorkspace,
  defineScenario,
  getModel,
  internal,
  recordFigure,
  REGISTRY,
  scenarioStats,
  usageTotals,
  waitFor,
} from './support/stack-client';

afterAll(closeHttp);

/** The registry's count of consumed events of a type and outcome (Prometheus text). */
async function consumed(type: string, outcome: string): Promise<number> {
  const text = (await http(`${internal('registry')}/metrics`)).text;
  const line = text.split('\n').find((l) => l.startsWith('model_garden_registry_events_consumed_total{') && l.includes(`type="${type}"`) && l.includes(`outcome="${outcome}"`));
  return line ? Number(line.split(' ').pop()) : 0;
}

function verdict(model: { id: string; workspaceId: string }, revision: number, status: 'active' | 'failed', time: Date, validatedAt: string): EventEnvelope {
  const data: ModelValidatedData = {
    modelId: model.id,
    workspaceId: model.workspaceId,
    revision,
    status,
    checks: [{ name: 'chat', status: status === 'active' ? 'pass' : 'fail', latencyMs: 1, code: status === 'active' ? 'ok' : 'provider_error', message: `injected ${status} verdict` }],
    capabilities: {},
    validatedAt,
    attempts: 1,
  };
  return createEnvelope(EVENT_TYPES.modelValidated, '/model-garden/validator', model.id, data, { time });
}

/**
 * DESIGN "Consumers are idempotent (event id, model revision)": duplicated, stale and
 * out-of-order events, produced straight onto the run's topics, leave the right final
 * state in the registry and run no validation twice in the validator.
 */
describe('duplicate and out-of-order events', () => {
  it('applies a verdict once, ignores stale and old-revision verdicts, whatever the order', async () => {
    const ws = await createWorkspace('events');
    const view = await createActiveModel(ws, chatModelBody({ key: 'ordered' }));
    const model = { id: view.id, workspaceId: ws.id };
    const type = EVENT_TYPES.modelValidated;
    const [applied0, ignored0] = [await consumed(type, 'applied'), await consumed(type, 'ignored')];

    const base = Date.now() + 1_000;
    const newest = verdict(model, 1, 'active', new Date(base + 2_000), new Date(base + 2_000).toISOString());
    const older = verdict(model, 1, 'failed', new Date(base + 1_000), new Date(base + 1_000).toISOString());
    const otherRevision = verdict(model, 7, 'failed', new Date(base + 3_000), new Date(base + 3_000).toISOString());
    // The newest first, then three copies of it, then an older one, then one for a revision that is not current.
    await produce(topicOf(TOPICS.validation), [newest, newest, newest, newest, older, otherRevision]);
    await waitFor('six verdicts consumed', async () => (await consumed(type, 'applied')) - applied0 + (await consumed(type, 'ignored')) - ignored0 >= 6, 30_000);

    expect((await consumed(type, 'applied')) - applied0).toBe(1);
    expect((await consumed(type, 'ignored')) - ignored0).toBe(5);
    const after = await getModel(ws, model.id);
    expect(after).toMatchObject({ status: 'active', revision: 1 });
    expect(after.validation?.validatedAt).toBe(newest.time);
    recordFigure('events.injected-verdicts', 6);
  });

  it('runs one validation per revision however often the model event is redelivered', async () => {
    const ws = await createWorkspace('replay');
    const scenario = `rel-replay-${ws.slug}`;
    await defineScenario({ id: scenario, base: 'mock-chat' });
    const view = await createActiveModel(ws, chatModelBody({ modelId: scenario, key: 'replayed' }));
    const calls = (await scenarioStats(scenario)).calls;

    const added = envelopes(await readTopics([topicOf(TOPICS.models)])).filter((e) => e.type === EVENT_TYPES.modelAdded && e.subject === view.id);
    expect(added).toHaveLength(1);
    // Redelivered five times, and once under a new event id (a replayed outbox row).
    await produce(topicOf(TOPICS.models), [...Array.from({ length: 5 }, () => added[0]!), { ...added[0]!, id: randomUUID() }]);
    await sleep(3_000);

    expect((await scenarioStats(scenario)).calls).toBe(calls);
    expect(await getModel(ws, view.id)).toMatchObject({ status: 'active', revision: 1 });
    recordFigure('events.redelivered-model-events', 6);
  });

  it('counts a usage event once however often it is delivered', async () => {
    const ws = await createWorkspace('usage');
    const before = await usageTotals(ws);
    const data: UsageRecordedData = {
      requestId: `rel-${randomUUID()}`,
      workspaceId: ws.id,
      apiKeyId: ws.keyId,
      modelId: randomUUID(),
      modelRef: `${ws.slug}@openailike/injected`,
      endpoint: 'chat.completions',
      status: 200,
      inputTokens: 11,
      outputTokens: 7,
      estimated: false,
      costUsd: 0.001,
      latencyMs: 12,
      streamed: false,
      occurredAt: new Date().toISOString(),
    };
    const event = createEnvelope(EVENT_TYPES.usageRecorded, '/model-garden/gateway', data.requestId, data);
    await produce(topicOf(TOPICS.usage), [event, event, { ...event, id: randomUUID() }]);
    const after = await waitFor('the usage to be recorded', async () => {
      const totals = await usageTotals(ws);
      return totals.requests > before.requests ? totals : undefined;
    }, 20_000);
    await sleep(1_500);
    const settled = await usageTotals(ws);
    expect(settled).toMatchObject({ requests: before.requests + 1, inputTokens: before.inputTokens + 11, outputTokens: before.outputTokens + 7 });
    expect(after.requests).toBe(settled.requests);
    const response = await http(`${REGISTRY}/v1/usage`, { headers: bearer(ws.key) });
    expect(response.status).toBe(200);
  });
});
