import { randomUUID } from 'node:crypto';
import { EVENT_TYPES, TOPICS, type UsageRecordedData } from '@model-garden/contracts';
import { bearer, closeHttp, http, STACK_TRACE } from './support/http';
import { envelopes, readTopics, topicOf } from './support/kafka';
import {
  chatBody,
  chatModelBody,
  createActiveModel,
  createWorkspace,
  defineScenario,
  GATEWAY,
  isOpenAiError,
  recordFigure,
  scenarioStats,
  usageTotals,
  waitFor,
} from './support/stack-client';

afterAll(closeHttp);

interface Fault {
  name: string;
  scenario: Record<string, unknown>;
  stream?: boolean;
  request?: Record<string, unknown>;
  /** What the client gets. */
  status: number;
  /** What the usage record says (the status after the stream started, for streams). */
  usageStatus: number;
  calls?: number;
  check?: (response: { text: string; headers: Record<string, string>; elapsedMs: number }) => void;
}

const FAULTS: Fault[] = [
  { name: 'http-500', scenario: { failStatus: 500 }, status: 500, usageStatus: 500, calls: 1 },
  { name: 'http-503-once', scenario: { failFirst: 1, failStatus: 503 }, status: 200, usageStatus: 200, calls: 2 },
  { name: 'http-503-always', scenario: { failStatus: 503 }, status: 503, usageStatus: 503, calls: 3 },
  {
    name: 'http-429-retry-after',
    scenario: { failFirst: 1, failStatus: 429, retryAfterSeconds: 1 },
    status: 200,
    usageStatus: 200,
    calls: 2,
    check: ({ elapsedMs }) => expect(elapsedMs).toBeGreaterThanOrEqual(1_000),
  },
  {
    name: 'http-429-too-long',
    scenario: { failStatus: 429, retryAfterSeconds: 30 },
    status: 429,
    usageStatus: 429,
    calls: 1,
    check: ({ headers }) => expect(headers['retry-after']).toBe('30'),
  },
  { name: 'hang', scenario: { hang: true }, request: { retry: { count: 0 }, timeout: { call_timeout: 1_500 } }, status: 504, usageStatus: 504, calls: 1 },
  { name: 'connection-reset', scenario: { resetConnection: true }, status: 502, usageStatus: 502 },
  { name: 'malformed-json', scenario: { malformedJson: true }, status: 502, usageStatus: 502, calls: 1 },
  { name: 'body-cut', scenario: { cutStreamAfterChunks: 2 }, status: 502, usageStatus: 502 },
  {
    name: 'stream-cut',
    scenario: { cutStreamAfterChunks: 3 },
    stream: true,
    status: 200,
    usageStatus: 502,
    calls: 1,
    // The stream cannot change its status any more: it ends with an error event instead of [DONE].
    check: ({ text }) => {
      const events = dataEvents(text);
      expect(events.at(-1)).not.toBe('[DONE]');
      expect(isOpenAiError(JSON.parse(events.at(-1)!))).toBe(true);
    },
  },
  {
    name: 'stream-malformed-event',
    scenario: { malformedJson: true },
    stream: true,
    status: 200,
    usageStatus: 200,
    calls: 1,
    // Relayed as the upstream sent it (the gateway does not rewrite events), and properly ended.
    check: ({ text }) => expect(dataEvents(text).at(-1)).toBe('[DONE]'),
  },
];

function dataEvents(text: string): string[] {
  return text
    .split(/\r?\n\r?\n/)
    .map((block) => block.split(/\r?\n/).find((line) => line.startsWith('data:'))?.slice(5).trim())
    .filter((data): data is string => data !== undefined);
}

/**
 * DESIGN "Gateway: timeouts on connect and on the whole call, bounded retries only
 * where safe". Each upstream fault the mock provider can inject, through the real
 * gateway: the client always gets a well-formed answer or a well-formed OpenAI error,
 * and the usage record says what happened.
 */
describe('upstream faults through the gateway', () => {
  it('answers every fault with a well-formed answer or error, and records it in usage', async () => {
    const ws = await createWorkspace('faults');
    const models = new Map<string, string>();
    await Promise.all(
      FAULTS.map(async (fault) => {
        const scenario = `rel-fault-${fault.name}-${ws.slug}`;
        await defineScenario({ id: scenario, base: 'mock-chat' });
        const model = await createActiveModel(ws, chatModelBody({ modelId: scenario, key: fault.name }));
        // Now the upstream goes bad (replacing a scenario resets its counters).
        await defineScenario({ id: scenario, base: 'mock-chat', ...fault.scenario });
        models.set(fault.name, model.ref);
      }),
    );

    const requestIds = new Map<string, string>();
    for (const fault of FAULTS) {
      const requestId = `rel-${fault.name}-${randomUUID()}`;
      requestIds.set(fault.name, requestId);
      const started = Date.now();
      const response = await http(`${GATEWAY}/v1/chat/completions`, {
        body: chatBody(models.get(fault.name)!, { ...(fault.stream ? { stream: true } : {}), ...fault.request }),
        headers: { ...bearer(ws.key), 'x-request-id': requestId },
        timeoutMs: 20_000,
      });
      const elapsedMs = Date.now() - started;
      const label = `${fault.name}: ${response.status} ${response.text.slice(0, 300)}`;
      expect({ label, status: response.status }).toEqual({ label, status: fault.status });
      expect(response.headers['x-request-id']).toBe(requestId);
      expect(response.text).not.toMatch(STACK_TRACE);
      if (!fault.stream) {
        if (response.status === 200) expect(response.json).toMatchObject({ object: 'chat.completion', choices: expect.any(Array) });
        else expect(isOpenAiError(response.json)).toBe(true);
      }
      fault.check?.({ text: response.text, headers: response.headers, elapsedMs });
      const stats = await scenarioStats(`rel-fault-${fault.name}-${ws.slug}`);
      if (fault.calls !== undefined) expect({ fault: fault.name, calls: stats.calls }).toEqual({ fault: fault.name, calls: fault.calls });
      else expect(stats.calls).toBeGreaterThanOrEqual(1);
      if (fault.name === 'hang') expect(stats.aborted).toBe(1);
    }

    // One usage record per request, saying what happened.
    const usage = await waitFor(
      'a usage event per request',
      async () => {
        const events = envelopes(await readTopics([topicOf(TOPICS.usage)])).filter((e) => e.type === EVENT_TYPES.usageRecorded);
        const mine = events.map((e) => e.data as UsageRecordedData).filter((d) => d.workspaceId === ws.id);
        return mine.length >= FAULTS.length ? mine : undefined;
      },
      20_000,
      500,
    );
    expect(usage).toHaveLength(FAULTS.length);
    for (const fault of FAULTS) {
      const records = usage.filter((u) => u.requestId.startsWith(`${requestIds.get(fault.name)}~`));
      expect({ fault: fault.name, records: records.length }).toEqual({ fault: fault.name, records: 1 });
      const record = records[0]!;
      expect({ fault: fault.name, status: record.status }).toEqual({ fault: fault.name, status: fault.usageStatus });
      // The gateway's own failures carry its code; a provider's error passes through with the provider's (maybe none).
      if (record.status === 502 || record.status === 504) expect(record.errorCode).toEqual(expect.any(String));
      if (record.status < 400) expect(record.errorCode).toBeUndefined();
    }
    const errors = FAULTS.filter((f) => f.usageStatus >= 400).length;
    const totals = await waitFor('the registry to aggregate them', async () => {
      const t = await usageTotals(ws);
      return t.requests >= FAULTS.length ? t : undefined;
    }, 20_000, 500);
    expect(totals).toMatchObject({ requests: FAULTS.length, errors });
    recordFigure('upstream-faults.kinds', FAULTS.length);
  });
});
