import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { logFile } from '../../tools/stack/stack';
import { bearer, closeHttp, http, STACK_TRACE } from './support/http';
import { readPid, sleep, startService, stopService } from './support/infra';
import {
  chatBody,
  chatModelBody,
  createActiveModel,
  createModel,
  createWorkspace,
  defineScenario,
  GATEWAY,
  isOpenAiError,
  listPrivateModels,
  recordFigure,
  settings,
  state,
  waitFor,
} from './support/stack-client';

afterAll(closeHttp);

type Outcome = { id: string; kind: 'answered'; status: number; complete: boolean; text: string } | { id: string; kind: 'no-answer'; error: string };

/** Runs `workers` clients in a loop until `stop()` says so; each request on its own connection. */
function load(workers: number, send: (id: string) => Promise<Outcome>): { stop: () => Promise<Outcome[]> } {
  const outcomes: Outcome[] = [];
  let running = true;
  const loops = Array.from({ length: workers }, async () => {
    while (running) {
      const id = `rel-drain-${randomUUID()}`;
      outcomes.push(await send(id));
      await sleep(20);
    }
  });
  return {
    stop: async () => {
      running = false;
      await Promise.all(loops);
      return outcomes;
    },
  };
}

/**
 * How a request that never reached the service fails: the listener was closed
 * (refused), or the connection sat in the kernel's accept queue when it closed (reset).
 * Either way the service never read it; the tests check that against its log or data.
 */
const NOT_ACCEPTED = new Set(['ECONNREFUSED', 'ECONNRESET']);

function errorCode(error: unknown): string {
  const cause = (error as { cause?: { code?: string } }).cause;
  return (error as { code?: string }).code ?? cause?.code ?? (error as Error).message;
}

/** The request ids the gateway's access log says it handled, with the status it answered. */
function gatewayHandled(): Map<string, number> {
  const handled = new Map<string, number>();
  for (const line of readFileSync(logFile('gateway', settings), 'utf8').split('\n')) {
    if (!line.includes('"msg":"inference"')) continue;
    const entry = JSON.parse(line) as { requestId?: string; status?: number };
    if (entry.requestId?.startsWith('rel-drain-')) handled.set(entry.requestId, entry.status ?? 0);
  }
  return handled;
}

/**
 * DESIGN "graceful shutdown that drains in-flight streams": each service stopped with
 * SIGTERM under load loses no request it accepted. A request the service accepted is
 * one it logged (gateway) or wrote (registry, validator); each of those got its whole
 * answer. Requests that arrived after the listener closed were refused at connect,
 * never half-answered.
 */
describe('graceful shutdown under load', () => {
  it('gateway: every accepted request, streams included, is answered in full', async () => {
    const ws = await createWorkspace('drain');
    const scenario = `rel-drain-${ws.slug}`;
    // Streams of 20 chunks 50 ms apart: about a second each, so several are mid-way at SIGTERM.
    await defineScenario({ id: scenario, base: 'mock-chat', chunks: 20, chunkDelayMs: 50 });
    const model = await createActiveModel(ws, chatModelBody({ modelId: scenario, key: 'drain' }));
    const traffic = load(12, async (id) => {
      const stream = Math.random() < 0.5;
      try {
        const response = await http(`${GATEWAY}/v1/chat/completions`, {
          body: chatBody(model.ref, stream ? { stream: true } : {}),
          headers: { ...bearer(ws.key), 'x-request-id': id },
          close: true,
          timeoutMs: 30_000,
        });
        const complete = stream
          ? response.status !== 200 || response.text.trimEnd().endsWith('data: [DONE]')
          : response.status === 200
            ? (response.json as { choices?: unknown[] } | undefined)?.choices !== undefined
            : isOpenAiError(response.json);
        return { id, kind: 'answered', status: response.status, complete, text: response.text };
      } catch (error) {
        return { id, kind: 'no-answer', error: errorCode(error) };
      }
    });
    await sleep(2_500);
    const pid = readPid(state, 'gateway');
    expect(await stopService(state, 'gateway', 30_000)).toBe('stopped');
    await sleep(500);
    const outcomes = await traffic.stop();
    await startService(state, 'gateway');

    const handled = gatewayHandled();
    const answered = outcomes.filter((o): o is Extract<Outcome, { kind: 'answered' }> => o.kind === 'answered');
    const noAnswer = outcomes.filter((o) => o.kind === 'no-answer');
    // Every answer is whole: a JSON completion, a stream that ends with [DONE], or an OpenAI error.
    expect(answered.filter((o) => !o.complete).map((o) => `${o.status} ${o.text.slice(-200)}`)).toEqual([]);
    expect(answered.filter((o) => o.text.match(STACK_TRACE))).toEqual([]);
    // Refused during the drain: a clean 503 only.
    expect(answered.filter((o) => o.status !== 200 && o.status !== 503)).toEqual([]);
    // Every request the gateway accepted got the answer it logged; the ones without an answer were never accepted.
    for (const o of answered) if (handled.has(o.id)) expect({ id: o.id, status: handled.get(o.id) }).toEqual({ id: o.id, status: o.status });
    expect(noAnswer.filter((o) => handled.has(o.id))).toEqual([]);
    expect(noAnswer.filter((o) => !NOT_ACCEPTED.has((o as { error: string }).error))).toEqual([]);
    expect(answered.filter((o) => o.status === 200).length).toBeGreaterThan(10);
    expect(readPid(state, 'gateway')).not.toBe(pid);
    recordFigure('shutdown.gateway.requests', outcomes.length);
    recordFigure('shutdown.gateway.completed', answered.filter((o) => o.status === 200).length);
    recordFigure('shutdown.gateway.refused-503', answered.filter((o) => o.status === 503).length);
    recordFigure('shutdown.gateway.refused-at-connect', noAnswer.length);
  });

  it('registry: every accepted write is stored with its event, and every stored write was answered', async () => {
    const ws = await createWorkspace('drainreg');
    let n = 0;
    const traffic = load(8, async () => {
      const key = `k-${n++}`;
      try {
        const response = await createModel(ws, chatModelBody({ key }));
        return { id: key, kind: 'answered', status: response.status, complete: response.json !== undefined, text: response.text };
      } catch (error) {
        return { id: key, kind: 'no-answer', error: errorCode(error) };
      }
    });
    await sleep(1_500);
    expect(await stopService(state, 'registry', 30_000)).toBe('stopped');
    await sleep(500);
    const outcomes = await traffic.stop();
    await startService(state, 'registry');

    const answered = outcomes.filter((o): o is Extract<Outcome, { kind: 'answered' }> => o.kind === 'answered');
    expect(answered.filter((o) => !o.complete || (o.status !== 202 && o.status !== 503))).toEqual([]);
    const accepted = new Set(answered.filter((o) => o.status === 202).map((o) => o.id));
    const stored = await listPrivateModels(ws);
    // Stored if and only if the client was told 202: no write lost, none done behind the client's back.
    expect(stored.map((m) => m.key).sort()).toEqual([...accepted].sort());
    expect(outcomes.filter((o) => o.kind === 'no-answer' && !NOT_ACCEPTED.has(o.error))).toEqual([]);
    // Every one of them is validated (its event was published). Validations that ran while the
    // registry was restarting could not fetch their model and say so (this stack gives the
    // validator a few seconds of retries only); none is left `validating`.
    const settled = await waitFor(
      'every stored model final',
      async () => {
        const all = await listPrivateModels(ws);
        return all.every((m) => m.status === 'active' || m.status === 'failed') ? all : undefined;
      },
      60_000,
      1_000,
    );
    const failed = settled.filter((m) => m.status === 'failed');
    expect(failed.filter((m) => !m.validation?.checks.some((c) => c.code === 'service_unavailable'))).toEqual([]);
    recordFigure('shutdown.registry.validations-during-restart-failed', failed.length);
    recordFigure('shutdown.registry.requests', outcomes.length);
    recordFigure('shutdown.registry.accepted', accepted.size);
    recordFigure('shutdown.registry.refused', outcomes.length - accepted.size);
  });

  it('validator: running validations finish, and every model reaches its final status after the restart', async () => {
    const ws = await createWorkspace('drainval');
    const scenario = `rel-drainval-${ws.slug}`;
    await defineScenario({ id: scenario, base: 'mock-chat', latencyMs: 150 });
    const created = await Promise.all(Array.from({ length: 40 }, (_, i) => createModel(ws, chatModelBody({ modelId: scenario, key: `v-${i}` }))));
    expect(created.every((r) => r.status === 202)).toBe(true);
    await waitFor('a few verdicts', async () => (await listPrivateModels(ws)).some((m) => m.status === 'active'), 60_000, 200);
    const logBefore = readFileSync(logFile('validator', settings), 'utf8').length;
    expect(await stopService(state, 'validator', 30_000)).toBe('stopped');
    await startService(state, 'validator');
    const models = await waitFor(
      'every model final',
      async () => {
        const all = await listPrivateModels(ws);
        return all.every((m) => m.status === 'active' || m.status === 'failed') ? all : undefined;
      },
      60_000,
      500,
    );
    expect(models.filter((m) => m.status !== 'active')).toEqual([]);
    // A graceful stop leaves no job to be recovered as stalled.
    expect(readFileSync(logFile('validator', settings), 'utf8').slice(logBefore)).not.toContain('recovered a validation job whose worker stopped');
    recordFigure('shutdown.validator.models', models.length);
  });
});
