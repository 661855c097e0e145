import { closeHttp } from './support/http';
import { killService, startService } from './support/infra';
import {
  chatModelBody,
  createModel,
  createWorkspace,
  defineScenario,
  listPrivateModels,
  recordFigure,
  scenarioStats,
  state,
  waitFor,
} from './support/stack-client';

afterAll(closeHttp);

const FINAL = new Set(['active', 'failed']);

/**
 * DESIGN "BullMQ: bounded attempts with backoff, stalled-job recovery after a worker
 * crash": the validator is SIGKILLed in the middle of a burst and restarted; every
 * model reaches a final status.
 */
describe('validator killed (SIGKILL) in the middle of a burst', () => {
  it('brings every model to a final status after the restart', async () => {
    const ws = await createWorkspace('crash');
    const scenario = `rel-crash-${ws.slug}`;
    // Each upstream call takes 150 ms, so the burst is still being validated when the worker dies.
    await defineScenario({ id: scenario, base: 'mock-chat', latencyMs: 150 });
    const count = 60;
    const created = await Promise.all(Array.from({ length: count }, (_, i) => createModel(ws, chatModelBody({ modelId: scenario, key: `c-${i}` }))));
    expect(created.every((r) => r.status === 202)).toBe(true);

    await waitFor('a few verdicts', async () => (await listPrivateModels(ws)).filter((m) => m.status === 'active').length >= 5, 60_000, 200);
    const beforeKill = (await listPrivateModels(ws)).filter((m) => FINAL.has(m.status)).length;
    await killService(state, 'validator');
    const killedAt = Date.now();
    await startService(state, 'validator');

    const models = await waitFor(
      'every model final',
      async () => {
        const all = await listPrivateModels(ws);
        return all.length === count && all.every((m) => FINAL.has(m.status)) ? all : undefined;
      },
      90_000,
      500,
    );
    expect(beforeKill).toBeLessThan(count);
    expect(models.filter((m) => m.status !== 'active').map((m) => `${m.key}: ${m.statusMessage}`)).toEqual([]);
    recordFigure('validator-kill.models', count);
    recordFigure('validator-kill.final-before-kill', beforeKill);
    recordFigure('validator-kill.all-final-after-kill-ms', Date.now() - killedAt);
    recordFigure('validator-kill.upstream-calls', (await scenarioStats(scenario)).calls);
  });
});
