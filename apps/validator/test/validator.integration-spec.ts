import { randomUUID } from 'node:crypto';
import { type INestApplicationContext } from '@nestjs/common';
import { createEnvelope, EVENT_TYPES, type ModelChangedData, type ModelHealthChangedData, type ModelValidatedData, type ModelType, validationJobId } from '@model-garden/contracts';
import { DeadLetterTap, type MockProviderProcess, RegistryGrpcDouble, startMockProviderProcess } from '@model-garden/testing';
import { KafkaTestClient, newServiceToken, sleep, startValidatorInProcess, suiteNames, validationQueue, validatorEnv, waitFor } from './validator-harness';

/**
 * The validator end to end against real Kafka, Redis and the mock provider process,
 * with a real gRPC server standing in for the registry: model events in, probe jobs
 * in BullMQ, ModelValidated / ModelHealthChanged out.
 */
describe('validator: model events → probe jobs → validation events', () => {
  const names = suiteNames(`validator-${randomUUID().slice(0, 8)}`);
  const token = newServiceToken();
  let mock: MockProviderProcess;
  let registry: RegistryGrpcDouble;
  let kafka: KafkaTestClient;
  let app: INestApplicationContext;
  let jobs: ReturnType<typeof validationQueue>;

  beforeAll(async () => {
    [mock, registry] = await Promise.all([startMockProviderProcess(), RegistryGrpcDouble.start(token)]);
    app = await startValidatorInProcess(validatorEnv(names, registry, token, { VALIDATOR_HEALTH_INTERVAL_SECONDS: '1' }));
    kafka = new KafkaTestClient(names);
    // The registry applies what the validator publishes (verdicts and health; progress changes no status); so does its double.
    kafka.onEvent((event) => {
      if (event.type === EVENT_TYPES.modelValidationProgress) return;
      const data = event.data as ModelValidatedData | ModelHealthChangedData;
      registry.apply(data.modelId, data.revision, data.status);
    });
    await kafka.listen();
    jobs = validationQueue(names);
  });

  afterAll(async () => {
    await app?.close();
    await Promise.all([kafka?.close(), jobs?.close(), registry?.close(), mock?.close()]);
  });

  async function scenario(body: Record<string, unknown>): Promise<void> {
    const response = await fetch(`${mock.url}/__mock/scenarios`, {
      method: 'POST',
      headers: { authorization: `Bearer ${mock.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(response.status).toBe(201);
  }

  async function modelCalls(id: string): Promise<number> {
    const response = await fetch(`${mock.url}/__mock/scenarios/${id}`, { headers: { authorization: `Bearer ${mock.apiKey}` } });
    return ((await response.json()) as { calls: number }).calls;
  }

  /** Registers a model in the registry double and announces it, as POST /v1/models would. */
  async function addModel(upstreamModelId: string, options: { type?: ModelType; apiKey?: string; baseUrl?: string } = {}): Promise<ModelChangedData> {
    const id = randomUUID();
    const model = registry.put({
      id,
      type: options.type ?? 'chat',
      baseUrl: options.baseUrl ?? `${mock.url}/v1`,
      upstreamModelId,
      apiKey: options.apiKey ?? mock.apiKey,
    });
    const data: ModelChangedData = { modelId: id, workspaceId: model.workspaceId, revision: 1, type: model.type as ModelType, baseUrl: model.baseUrl, upstreamModelId };
    await kafka.publish(EVENT_TYPES.modelAdded, data);
    return data;
  }

  const verdict = (modelId: string, timeoutMs = 20_000) =>
    waitFor(`ModelValidated for ${modelId}`, () => kafka.eventsFor(modelId)[0]?.data as ModelValidatedData | undefined, timeoutMs);

  it('validates a healthy chat model: active, every capability, keyed by model id, no secret', async () => {
    const model = await addModel('mock-chat');
    const result = await verdict(model.modelId);
    expect(result).toMatchObject({ modelId: model.modelId, workspaceId: model.workspaceId, revision: 1, status: 'active', attempts: 1 });
    expect(result.capabilities).toEqual({ chat: true, streaming: true, streamUsage: true, functionCalling: true, structuredOutput: true, vision: true });
    expect(result.checks.map((c) => c.name)).toEqual(['connectivity', 'authentication', 'model', 'chat', 'chat.streaming', 'chat.stream_usage', 'chat.tools', 'chat.structured_output', 'chat.vision']);
    const message = kafka.received.find((r) => r.event.subject === model.modelId);
    expect(message?.key).toBe(model.modelId);
    expect(message?.event.source).toBe('/model-garden/validator');
    expect(JSON.stringify(message?.event)).not.toContain(mock.apiKey);
  });

  it.each([
    ['mock-chat-basic', 'chat', { chat: true, streaming: true, streamUsage: true, functionCalling: false, structuredOutput: false, vision: false }],
    ['mock-embed', 'embedding', { embedding: true, embeddingDimension: 256 }],
    ['mock-image', 'image', { imageGeneration: true }],
    ['mock-instruct', 'completion', { completion: true }],
  ] as const)('validates %s (%s) with its capability matrix', async (upstream, type, capabilities) => {
    const model = await addModel(upstream, { type });
    const result = await verdict(model.modelId);
    expect(result.status).toBe('active');
    expect(result.capabilities).toEqual(capabilities);
  });

  it('runs one job for a duplicate ModelAdded', async () => {
    await scenario({ id: 'dup-chat', base: 'mock-chat' });
    const id = randomUUID();
    registry.put({ id, baseUrl: `${mock.url}/v1`, upstreamModelId: 'dup-chat', apiKey: mock.apiKey });
    const data: ModelChangedData = { modelId: id, workspaceId: 'workspace-1', revision: 1, type: 'chat', baseUrl: `${mock.url}/v1`, upstreamModelId: 'dup-chat' };
    const eventId = randomUUID();
    // The same event delivered twice, and the same revision announced again under another id.
    await kafka.publish(EVENT_TYPES.modelAdded, data, eventId);
    await kafka.publish(EVENT_TYPES.modelAdded, data, eventId);
    await kafka.publish(EVENT_TYPES.modelAdded, data);
    await verdict(id);
    await sleep(500);
    expect(kafka.eventsFor(id)).toHaveLength(1);
    // One validation of a chat model makes five model calls (reply, stream, tools, schema, vision).
    expect(await modelCalls('dup-chat')).toBe(5);
    const job = await jobs.queue.getJob(validationJobId(id, 1));
    expect(job?.attemptsMade).toBe(1);
  });

  it('retries a flaky model with backoff until it succeeds', async () => {
    await scenario({ id: 'it-flaky', base: 'mock-chat', failFirst: 2, failStatus: 503 });
    const model = await addModel('it-flaky');
    const result = await verdict(model.modelId);
    expect(result).toMatchObject({ status: 'active', attempts: 3 });
  });

  it("honours a 429's Retry-After before retrying", async () => {
    await scenario({ id: 'it-429', base: 'mock-chat', failFirst: 1, failStatus: 429, retryAfterSeconds: 1 });
    const started = Date.now();
    const model = await addModel('it-429');
    const result = await verdict(model.modelId);
    expect(result).toMatchObject({ status: 'active', attempts: 2 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_000);
  });

  it('fails a wrong key at once, with the credential reason, and never retries it', async () => {
    const model = await addModel('mock-chat', { apiKey: 'sk-not-the-right-key-000' });
    const result = await verdict(model.modelId);
    expect(result).toMatchObject({ status: 'failed', attempts: 1 });
    const auth = result.checks.find((c) => c.name === 'authentication');
    expect(auth).toMatchObject({ status: 'fail', code: 'provider_credential_invalid', httpStatus: 401 });
    expect(auth?.message).toContain('The API key was rejected (401)');
    const job = await waitFor('the job in the failed set', async () => ((await jobs.queue.getJobState(validationJobId(model.modelId, 1))) === 'failed' ? true : undefined));
    expect(job).toBe(true);
    expect((await jobs.queue.getJob(validationJobId(model.modelId, 1)))?.attemptsMade).toBe(1);
    expect(JSON.stringify(result)).not.toContain('sk-not-the-right-key-000');
  });

  it('fails an unknown model id permanently, suggesting the close match', async () => {
    const model = await addModel('mock-embedd', { type: 'embedding' });
    const result = await verdict(model.modelId);
    expect(result).toMatchObject({ status: 'failed', attempts: 1 });
    expect(result.checks.find((c) => c.name === 'model')).toMatchObject({ status: 'fail', code: 'model_not_found' });
    expect(result.checks.find((c) => c.name === 'model')?.message).toContain('"mock-embed"');
  });

  it('times out a hanging model on every attempt, then publishes failed with the last reason', async () => {
    const model = await addModel('mock-hang');
    const result = await verdict(model.modelId, 30_000);
    expect(result).toMatchObject({ status: 'failed', attempts: 4 });
    expect(result.checks.find((c) => c.name === 'chat')).toMatchObject({ status: 'fail', code: 'provider_timeout' });
  });

  it('refuses a base URL outside the outbound allowlist', async () => {
    const model = await addModel('mock-chat', { baseUrl: `${mock.url.replace('127.0.0.1', '127.0.0.2')}/v1` });
    const result = await verdict(model.modelId);
    expect(result).toMatchObject({ status: 'failed', attempts: 1 });
    expect(result.checks[0]).toMatchObject({ name: 'connectivity', status: 'fail', code: 'outbound_address_forbidden' });
  });

  it('skips a model deleted before its job ran, and a superseded revision', async () => {
    const gone: ModelChangedData = { modelId: randomUUID(), workspaceId: 'w', revision: 1, type: 'chat', baseUrl: `${mock.url}/v1`, upstreamModelId: 'mock-chat' };
    await kafka.publish(EVENT_TYPES.modelAdded, gone);
    // The registry is already at revision 2 when the revision-1 event is consumed.
    const superseded = registry.put({ id: randomUUID(), baseUrl: `${mock.url}/v1`, upstreamModelId: 'mock-chat', apiKey: mock.apiKey, revision: 2 });
    const changed: ModelChangedData = { modelId: superseded.id, workspaceId: superseded.workspaceId, revision: 1, type: 'chat', baseUrl: superseded.baseUrl, upstreamModelId: 'mock-chat' };
    await kafka.publish(EVENT_TYPES.modelAdded, changed);
    await kafka.publish(EVENT_TYPES.modelUpdated, { ...changed, revision: 2, changed: ['apiKey'] });
    expect(await verdict(superseded.id)).toMatchObject({ revision: 2, status: 'active' });
    await waitFor('both skipped jobs to complete', async () =>
      (await jobs.queue.getJobState(validationJobId(gone.modelId, 1))) === 'completed' && (await jobs.queue.getJobState(validationJobId(superseded.id, 1))) === 'completed'
        ? true
        : undefined,
    );
    expect(kafka.eventsFor(gone.modelId)).toHaveLength(0);
    expect(kafka.eventsFor(superseded.id)).toHaveLength(1);
  });

  it('publishes failed when the registry stays unavailable through every attempt', async () => {
    const id = randomUUID();
    registry.unavailable.add(id);
    await kafka.publish(EVENT_TYPES.modelAdded, { modelId: id, workspaceId: 'workspace-1', revision: 1, type: 'chat', baseUrl: `${mock.url}/v1`, upstreamModelId: 'mock-chat' });
    const result = await verdict(id);
    expect(result).toMatchObject({ status: 'failed', attempts: 4, checks: [{ name: 'validation', status: 'fail', code: 'service_unavailable' }] });
  });

  it('re-checks models in service periodically and publishes when one degrades or recovers', async () => {
    await scenario({ id: 'it-turns-bad', base: 'mock-chat', unlisted: true, failStatus: 500 });
    const down = registry.put({ id: randomUUID(), baseUrl: `${mock.url}/v1`, upstreamModelId: 'it-turns-bad', apiKey: mock.apiKey, status: 'active', revision: 3 });
    const up = registry.put({ id: randomUUID(), baseUrl: `${mock.url}/v1`, upstreamModelId: 'mock-chat', apiKey: mock.apiKey, status: 'degraded', revision: 2 });
    const health = (id: string) => () => kafka.eventsFor(id, EVENT_TYPES.modelHealthChanged)[0]?.data as ModelHealthChangedData | undefined;
    expect(await waitFor('the model to degrade', health(down.id), 15_000)).toMatchObject({ status: 'degraded', revision: 3 });
    expect(await waitFor('the model to recover', health(up.id), 15_000)).toMatchObject({ status: 'active', revision: 2 });
    expect(registry.calls.refusedToken).toBe(0);
  });

  it('parks poison model events on the dead-letter topic and validates the next event of the same model', async () => {
    const tap = new DeadLetterTap(`${names.topicPrefix}validator-dlq`);
    try {
      await tap.listen([names.modelsTopic]);
      const id = randomUUID();
      const model = registry.put({ id, type: 'chat', baseUrl: `${mock.url}/v1`, upstreamModelId: 'mock-chat', apiKey: mock.apiKey });
      const data: ModelChangedData = { modelId: id, workspaceId: model.workspaceId, revision: 1, type: 'chat', baseUrl: model.baseUrl, upstreamModelId: 'mock-chat' };
      const malformed = createEnvelope(EVENT_TYPES.modelAdded, '/model-garden/registry', id, { ...data, revision: 0 });
      await tap.produce(names.modelsTopic, id, ['\u0000garbage', malformed, createEnvelope(EVENT_TYPES.modelAdded, '/model-garden/registry', id, data)]);
      expect(await verdict(id)).toMatchObject({ modelId: id, revision: 1, status: 'active' });
      const parked = await tap.waitFor((l) => l.sourceTopic === names.modelsTopic && l.key === id, 2);
      expect(parked.map((l) => l.reason).sort()).toEqual(['invalid', 'unparseable']);
      expect(parked.find((l) => l.reason === 'invalid')!.error).toBe('data.revision is not a positive integer');
    } finally {
      await tap.close();
    }
  });
});
