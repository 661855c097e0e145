import { type ServiceConnections } from '@model-garden/platform';
import Redis from 'ioredis';
import { type ExperimentWorkerConfig } from '../src/config/experiment-worker.config';
import { ModelSlots } from '../src/infrastructure/model-slots';

/** The per-model concurrency limit against a real Redis: shared leases, released, renewed, and expiring with a dead holder. */
describe('ModelSlots', () => {
  const redis = new Redis(process.env['REDIS_URL']!, { maxRetriesPerRequest: 1 });
  const prefix = `${process.env['REDIS_PREFIX'] ?? 'it'}-slots`;
  const slots = (lockMs: number) => new ModelSlots({ redis } as unknown as ServiceConnections, { REDIS_PREFIX: prefix, EXPERIMENT_LOCK_DURATION_MS: lockMs } as ExperimentWorkerConfig);

  afterAll(async () => {
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length) await redis.del(...keys);
    redis.disconnect();
  });

  it('lets at most `limit` holders in per run and model, whichever replica asks', async () => {
    const a = slots(10_000);
    const b = slots(10_000);
    const first = await a.acquire('run-1', 'acme@openailike/chat', 2, 'job-1');
    const second = await b.acquire('run-1', 'acme@openailike/chat', 2, 'job-2');
    expect(first && second).toBeTruthy();
    expect(await a.acquire('run-1', 'acme@openailike/chat', 2, 'job-3')).toBeUndefined();
    // Another model, or another run, has slots of its own; the same holder asking again keeps its slot.
    expect(await a.acquire('run-1', 'acme@openailike/other', 2, 'job-3')).toBeTruthy();
    expect(await a.acquire('run-2', 'acme@openailike/chat', 2, 'job-3')).toBeTruthy();
    expect(await b.acquire('run-1', 'acme@openailike/chat', 2, 'job-2')).toBeTruthy();
    expect(await a.holders('run-1', 'acme@openailike/chat')).toBe(2);
    await first!.release();
    const third = await a.acquire('run-1', 'acme@openailike/chat', 2, 'job-3');
    expect(third).toBeTruthy();
    await Promise.all([second!.release(), third!.release()]);
    expect(await a.holders('run-1', 'acme@openailike/chat')).toBe(0);
  });

  it("frees a dead holder's slot when its lease ends, and renews a live holder's", async () => {
    const short = slots(250); // leases of 500 ms, renewed every ~166 ms while held
    const live = await short.acquire('run-3', 'm', 1, 'alive');
    expect(live).toBeTruthy();
    await new Promise((resolve) => setTimeout(resolve, 800));
    expect(await short.acquire('run-3', 'm', 1, 'other')).toBeUndefined();
    await live!.release();
    // A holder that never releases (its process died: nothing renews): simulated by a lease written without a renewer.
    await redis.zadd(short.key('run-4', 'm'), Date.now() + 300, 'dead');
    expect(await short.acquire('run-4', 'm', 1, 'next')).toBeUndefined();
    await new Promise((resolve) => setTimeout(resolve, 500));
    const next = await short.acquire('run-4', 'm', 1, 'next');
    expect(next).toBeTruthy();
    await next!.release();
  });
});
