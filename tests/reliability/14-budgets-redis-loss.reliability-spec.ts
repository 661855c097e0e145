import { bearer, closeHttp, http } from './support/http';
import { startRedis, stopRedis } from './support/infra';
import { chat, chatModelBody, createActiveModel, createWorkspace, recordFigure, REGISTRY, state, waitFor } from './support/stack-client';

afterAll(closeHttp);

interface Budget {
  id: string;
  consumption: { tokens: number; requests: number };
}

/**
 * Issue 16: "PostgreSQL keeps the durable ledger from usage events, from which Redis
 * counters are rebuilt after Redis loses them." The tier's own Redis (no persistence) is
 * stopped and started again: every counter is gone. The gateway rebuilds the budget's
 * counter from the registry's ledger, and the budget still stops calls at its limit:
 * no call more, no call less than it allows.
 */
describe('budgets survive a Redis loss', () => {
  it('rebuilds the counters from the ledger and refuses at the same limit', async () => {
    const probeWs = await createWorkspace('budget-probe');
    const probeModel = await createActiveModel(probeWs, chatModelBody({ key: 'probe' }));
    const probe = await chat(probeWs.key, probeModel.ref, { max_tokens: 3 });
    expect(probe.status).toBe(200);
    const usage = (probe.json as { usage: { prompt_tokens: number; completion_tokens: number } }).usage;
    const perCall = usage.prompt_tokens + usage.completion_tokens;

    const ws = await createWorkspace('budget');
    const model = await createActiveModel(ws, chatModelBody({ key: 'capped' }));
    const created = await http(`${REGISTRY}/v1/budgets`, { headers: bearer(ws.key), body: { name: 'Ten calls', scope: { kind: 'workspace' }, period: 'daily', limits: { tokenLimit: perCall * 10 } } });
    expect(created.status).toBe(201);
    const budgetId = (created.json as Budget).id;
    const budget = async (): Promise<Budget> => (await http(`${REGISTRY}/v1/budgets/${budgetId}`, { headers: bearer(ws.key) })).json as Budget;

    for (let i = 0; i < 5; i += 1) expect((await chat(ws.key, model.ref, { max_tokens: 3 })).status).toBe(200);
    await waitFor('the ledger to hold the five calls', async () => (await budget()).consumption.tokens === perCall * 5, 30_000);

    await stopRedis(state);
    await startRedis(state);

    // While the gateway reconnects, budgets cannot be checked (503); then calls go on from the ledger's count.
    let served = 0;
    let refused: { status: number; json: unknown } | undefined;
    const deadline = Date.now() + 60_000;
    while (refused === undefined && Date.now() < deadline) {
      const answer = await chat(ws.key, model.ref, { max_tokens: 3 });
      if (answer.status === 200) served += 1;
      else if (answer.status === 429) refused = answer;
      else await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(refused?.json).toMatchObject({ error: { code: 'budget_exceeded' } });
    expect(served).toBe(5);
    const final = await waitFor('the ledger to hold every served call', async () => {
      const view = await budget();
      return view.consumption.tokens === perCall * 10 ? view : undefined;
    }, 30_000);
    expect(final.consumption.tokens).toBe(perCall * 10);
    recordFigure('budget.served-after-redis-loss', served);
  }, 180_000);
});
