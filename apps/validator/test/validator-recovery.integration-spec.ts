import { type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { type INestApplicationContext } from '@nestjs/common';
import { EVENT_TYPES, type ModelValidatedData } from '@model-garden/contracts';
import { type MockProviderProcess, RegistryGrpcDouble, startMockProviderProcess } from '@model-garden/testing';
import { KafkaTestClient, newServiceToken, startValidatorInProcess, startValidatorProcess, suiteNames, validationQueue, validatorEnv, waitFor } from './validator-harness';

/**
 * Crash and shutdown: a validator process killed in the middle of jobs leaves no
 * model without a final event (another worker recovers the stalled jobs), and a
 * graceful close finishes the jobs it is running before it returns.
 * Needs the built validator (npx nx run validator:build; npm test builds first).
 */
describe('validator: crash recovery and graceful shutdown', () => {
  const names = suiteNames(`recovery-${randomUUID().slice(0, 8)}`);
  const token = newServiceToken();
  let mock: MockProviderProcess;
  let registry: RegistryGrpcDouble;
  let kafka: KafkaTestClient;
  let jobs: ReturnType<typeof validationQueue>;
  let victim: ChildProcess | undefined;
  let survivor: INestApplicationContext | undefined;

  beforeAll(async () => {
    [mock, registry] = await Promise.all([startMockProviderProcess(), RegistryGrpcDouble.start(token)]);
    // Every model call of this scenario takes 700 ms: a validation lasts about two seconds.
    const response = await fetch(`${mock.url}/__mock/scenarios`, {
      method: 'POST',
      headers: { authorization: `Bearer ${mock.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ id: 'slow-chat', base: 'mock-chat', latencyMs: 700 }),
    });
    expect(response.status).toBe(201);
    kafka = new KafkaTestClient(names);
    jobs = validationQueue(names);
  });

  afterAll(async () => {
    victim?.kill('SIGKILL');
    await survivor?.close();
    await Promise.all([kafka?.close(), jobs?.close(), registry?.close(), mock?.close()]);
  });

  const addSlowModels = async (count: number): Promise<string[]> => {
    const ids: string[] = [];
    for (let i = 0; i < count; i++) {
      const id = randomUUID();
      registry.put({ id, baseUrl: `${mock.url}/v1`, upstreamModelId: 'slow-chat', apiKey: mock.apiKey });
      await kafka.publish(EVENT_TYPES.modelAdded, { modelId: id, workspaceId: 'workspace-1', revision: 1, type: 'chat', baseUrl: `${mock.url}/v1`, upstreamModelId: 'slow-chat' });
      ids.push(id);
    }
    return ids;
  };

  it('recovers the jobs of a worker killed mid-validation: every model gets exactly one final event', async () => {
    victim = await startValidatorProcess(validatorEnv(names, registry, token, { LOG_LEVEL: 'warn' }));
    await kafka.listen();
    const ids = await addSlowModels(5);
    await waitFor('the killed worker to be running every job', async () => ((await jobs.queue.getActiveCount()) === ids.length ? true : undefined), 20_000, 50);
    victim.kill('SIGKILL');
    await new Promise((resolve) => victim!.once('exit', resolve));
    expect(ids.flatMap((id) => kafka.eventsFor(id))).toHaveLength(0);

    // Another replica (its own consumer group here, so it need not wait for the dead
    // member's Kafka session to expire; it re-reads the events, which are no-ops by job id).
    survivor = await startValidatorInProcess(validatorEnv(names, registry, token, { KAFKA_GROUP_ID: `${names.groupPrefix}survivor` }));
    const verdicts = await waitFor(
      'a verdict for every model',
      () => (ids.every((id) => kafka.eventsFor(id).length > 0) ? ids.map((id) => kafka.eventsFor(id)[0].data as ModelValidatedData) : undefined),
      30_000,
    );
    expect(verdicts.map((v) => v.status)).toEqual(ids.map(() => 'active'));
    expect(ids.map((id) => kafka.eventsFor(id).length)).toEqual(ids.map(() => 1));
    expect(await jobs.queue.getCompletedCount()).toBe(ids.length);
  });

  it('finishes the jobs it is running when it shuts down gracefully', async () => {
    const app = survivor!;
    const ids = await addSlowModels(3);
    await waitFor('the jobs to be running', async () => ((await jobs.queue.getActiveCount()) === ids.length ? true : undefined), 20_000, 50);
    const completedBefore = await jobs.queue.getCompletedCount();
    await app.close();
    survivor = undefined;
    // close() returned only after the running jobs finished: nothing is left active, all completed.
    expect(await jobs.queue.getActiveCount()).toBe(0);
    expect(await jobs.queue.getCompletedCount()).toBe(completedBefore + ids.length);
    // With no validator left running, their verdicts can only have been published before close returned.
    await waitFor('the verdicts', () => (ids.every((id) => kafka.eventsFor(id).length === 1) ? true : undefined), 5_000);
  });
});
