import { validationJobId } from '@model-garden/contracts';
import { Queue, QueueEvents, Worker } from 'bullmq';
import type Redis from 'ioredis';
import { createRedis } from '../src/redis/redis.factory';

/** BullMQ on the real Redis, under this run's prefix: a job is processed by a worker, and what replicas rely on (job ids, one scheduler per id). */
describe('BullMQ through Redis', () => {
  const prefix = process.env['REDIS_PREFIX']!;
  const name = 'smoke';
  const connections: Redis[] = [];
  const connect = (): Redis => {
    const connection = createRedis(process.env['REDIS_URL']!);
    connections.push(connection);
    return connection;
  };
  const connection = connect();
  const queue = new Queue(name, { connection, prefix });
  const events = new QueueEvents(name, { connection: connect(), prefix });
  const jobId = validationJobId('model-1', 1);
  let worker: Worker | undefined;

  afterAll(async () => {
    await worker?.close();
    await events.close();
    await queue.obliterate({ force: true });
    await queue.close();
    connections.forEach((c) => c.disconnect());
  });

  it('processes a job and returns its result', async () => {
    await events.waitUntilReady();
    worker = new Worker(name, async (job) => ({ doubled: (job.data as { n: number }).n * 2 }), { connection: connect(), prefix });
    const job = await queue.add('double', { n: 21 }, { jobId });
    const result = await job.waitUntilFinished(events, 15_000);
    expect(result).toEqual({ doubled: 42 });
    const keys = await connection.keys(`${prefix}:${name}:*`);
    expect(keys.length).toBeGreaterThan(0);
  });

  it('ignores a second job with the same id (one job per model revision)', async () => {
    const again = await queue.add('double', { n: 1 }, { jobId });
    expect(again.id).toBe(jobId);
    expect(await queue.getJobCounts('waiting', 'active', 'completed')).toMatchObject({ waiting: 0, active: 0, completed: 1 });
  });

  it('keeps one repeatable job when every replica upserts the same scheduler id (the validators\' health sweep)', async () => {
    const replicas = [new Queue('sweeps', { connection: connect(), prefix }), new Queue('sweeps', { connection: connect(), prefix })];
    try {
      await Promise.all(replicas.map((replica) => replica.upsertJobScheduler('health-sweep', { every: 60_000 }, { name: 'sweep', data: {} })));
      await replicas[1]!.upsertJobScheduler('health-sweep', { every: 60_000 }, { name: 'sweep', data: {} });
      expect(await replicas[0]!.getJobSchedulers()).toHaveLength(1);
      const counts = await replicas[0]!.getJobCounts('waiting', 'delayed', 'prioritized');
      expect(counts['waiting']! + counts['delayed']! + counts['prioritized']!).toBe(1);
    } finally {
      await replicas[0]!.obliterate({ force: true });
      await Promise.all(replicas.map((replica) => replica.close()));
    }
  });
});
