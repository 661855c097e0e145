import { createEnvelope, EVENT_TYPES, type EventEnvelope, prefixedTopic, TOPICS, type UsageRecordedData } from '@model-garden/contracts';
import { DeadLetterTap, type MockProviderProcess, RegistryGrpcDouble } from '@model-garden/testing';
import { type Consumer, Kafka, logLevel, type Producer } from 'kafkajs';
import OpenAI from 'openai';
import { eventually, type GatewayHarness, mockScenario, scenarioCounters, SERVICE_TOKEN, startGateway, startMockProvider } from './gateway-harness';
import { CacheInvalidationConsumer } from '../src/invalidation/cache-invalidation.consumer';
import { InFlightRequests } from '../src/lifecycle/in-flight-requests.service';
import { GatewayMetrics } from '../src/metrics/gateway.metrics';

/**
 * The gateway in process against real neighbours: a gRPC server speaking the
 * registry's proto (a test double of another service), the real mock provider as a
 * process, and this run's Kafka topics. Clients are the official `openai` SDK.
 */
const WORKSPACE = 'ws-1';
const KEY = 'mgk_inference0001_secret-of-the-workspace-key-for-tests-000000';
const NO_SCOPE_KEY = 'mgk_readonly00001_secret-of-a-key-without-inference-scope-0000';
const REVOKED_KEY = 'mgk_revokedkey001_secret-of-a-key-that-will-be-revoked-00000000';
const PROMPT = 'the secret prompt that must never be logged';
const ALL_CAPS = { chat: true, streaming: true, streamUsage: true, functionCalling: true, structuredOutput: true, vision: true };

describe('gateway (gRPC registry double, mock provider process, Kafka)', () => {
  let registry: RegistryGrpcDouble;
  let provider: MockProviderProcess;
  let gateway: GatewayHarness;
  let client: OpenAI;
  let kafka: Kafka;
  let producer: Producer;
  let usageConsumer: Consumer;
  const usage: UsageRecordedData[] = [];
  const topicPrefix = process.env['KAFKA_TOPIC_PREFIX'] ?? 'gateway-test.';

  const model = (key: string, upstream: string, extra: Record<string, unknown> = {}): void => {
    registry.putModel({
      id: `id-${key}`,
      key,
      workspaceId: WORKSPACE,
      baseUrl: `${provider.url}/v1`,
      upstreamModelId: upstream,
      apiKey: provider.apiKey,
      capabilities: ALL_CAPS,
      ...extra,
    });
  };

  const failureOf = async (run: () => Promise<unknown>): Promise<InstanceType<typeof OpenAI.APIError>> => {
    try {
      await run();
    } catch (error) {
      if (error instanceof OpenAI.APIError) return error;
      throw error;
    }
    throw new Error('expected the call to fail');
  };

  const publish = async (topic: string, event: EventEnvelope): Promise<void> => {
    await producer.send({ topic: prefixedTopic(topicPrefix, topic as (typeof TOPICS)[keyof typeof TOPICS]), messages: [{ key: event.subject, value: JSON.stringify(event) }] });
  };

  beforeAll(async () => {
    [registry, provider] = await Promise.all([RegistryGrpcDouble.start(SERVICE_TOKEN), startMockProvider()]);
    registry.putKey({ secret: KEY, apiKeyId: 'key-1', workspaceId: WORKSPACE });
    registry.putKey({ secret: NO_SCOPE_KEY, apiKeyId: 'key-2', workspaceId: WORKSPACE, scopes: ['models:read'] });
    registry.putKey({ secret: REVOKED_KEY, apiKeyId: 'key-3', workspaceId: WORKSPACE });
    model('chat', 'mock-chat', { pricing: { inputPerMillionTokens: 1, outputPerMillionTokens: 2 } });
    model('basic', 'mock-chat-basic', { capabilities: { chat: true, streaming: true, functionCalling: false, structuredOutput: false, vision: false } });
    model('untested', 'mock-chat-basic', { capabilities: {} });
    model('capped', 'mock-chat', { maxTokens: 8, temperature: 0.3 });
    model('instruct', 'mock-instruct', { type: 'completion', capabilities: { completion: true } });
    model('embed', 'mock-embed', { type: 'embedding', capabilities: { embedding: true, embeddingDimension: 256 } });
    model('image', 'mock-image', { type: 'image', capabilities: { imageGeneration: true }, pricing: { perImage: 0.02 } });
    model('validating', 'mock-chat', { status: 'validating' });
    model('failed', 'mock-chat', { status: 'failed', statusMessage: 'The API key was rejected (401).' });
    model('badkey', 'mock-chat', { apiKey: 'sk-wrong-provider-key-0123456789' });
    model('unreachable', 'mock-chat', { baseUrl: 'http://127.0.0.1:9/v1' });
    model('forbidden', 'mock-chat', { baseUrl: 'http://0.0.0.0:9/v1' });
    registry.putModel({
      id: 'acme/public-chat',
      key: 'public-chat',
      ref: 'acme/public-chat',
      owner: 'public',
      provider: 'acme',
      workspaceId: '',
      baseUrl: `${provider.url}/v1`,
      upstreamModelId: 'mock-chat',
      apiKey: provider.apiKey,
      capabilities: ALL_CAPS,
    });
    await Promise.all([
      mockScenario(provider, { id: 'slow', base: 'mock-chat', chunks: 20, chunkDelayMs: 50 }),
      mockScenario(provider, { id: 'flaky', base: 'mock-chat', failFirst: 2, failStatus: 503 }),
      mockScenario(provider, { id: 'limited', base: 'mock-chat', failFirst: 1, failStatus: 429, retryAfterSeconds: 1 }),
      mockScenario(provider, { id: 'down', base: 'mock-chat', failStatus: 503 }),
      mockScenario(provider, { id: 'hang', base: 'mock-chat', hang: true }),
      mockScenario(provider, { id: 'cut', base: 'mock-chat', chunks: 10, cutStreamAfterChunks: 3 }),
      mockScenario(provider, { id: 'garbled', base: 'mock-chat', malformedJson: true }),
    ]);
    for (const id of ['slow', 'flaky', 'limited', 'down', 'hang', 'cut', 'garbled']) model(id, id);

    gateway = await startGateway(registry, { GATEWAY_BODY_LIMIT_BYTES: '65536' });
    client = new OpenAI({ apiKey: KEY, baseURL: `${gateway.url}/v1`, maxRetries: 0 });

    kafka = new Kafka({ clientId: 'gateway-it', brokers: (process.env['KAFKA_BROKERS'] ?? '127.0.0.1:9092').split(','), logLevel: logLevel.NOTHING });
    producer = kafka.producer();
    usageConsumer = kafka.consumer({ groupId: `${process.env['KAFKA_GROUP_PREFIX'] ?? 'gateway-test-'}usage-reader`, sessionTimeout: 6_000, heartbeatInterval: 1_000 });
    await Promise.all([producer.connect(), usageConsumer.connect(), gateway.app.get(CacheInvalidationConsumer).ready()]);
    await usageConsumer.subscribe({ topic: prefixedTopic(topicPrefix, TOPICS.usage), fromBeginning: true });
    await usageConsumer.run({
      eachMessage: async ({ message }) => {
        usage.push((JSON.parse(message.value!.toString()) as EventEnvelope<typeof EVENT_TYPES.usageRecorded, UsageRecordedData>).data);
      },
    });
  });

  afterAll(async () => {
    await Promise.allSettled([usageConsumer?.disconnect(), producer?.disconnect()]);
    await gateway?.app.close();
    await Promise.all([registry?.close(), provider?.close()]);
  });

  describe('OpenAI endpoints', () => {
    it('answers a chat completion with a request id and the serving model, and records its usage and cost', async () => {
      const { data, response } = await client.chat.completions.create({ model: 'chat', messages: [{ role: 'user', content: PROMPT }] }).withResponse();
      expect(data.choices[0].message.content).toBe(`Mock reply to: ${PROMPT}`);
      const requestId = response.headers.get('x-request-id');
      expect(requestId).toBeTruthy();
      expect(response.headers.get('x-model-garden-model')).toBe('demo@openailike/chat');
      const event = await eventually(() => {
        const found = usage.find((u) => u.requestId === requestId);
        if (!found) throw new Error('no usage event yet');
        return found;
      }, 10_000);
      expect(event).toMatchObject({
        workspaceId: WORKSPACE,
        apiKeyId: 'key-1',
        modelId: 'id-chat',
        modelRef: 'demo@openailike/chat',
        endpoint: 'chat.completions',
        status: 200,
        inputTokens: data.usage!.prompt_tokens,
        outputTokens: data.usage!.completion_tokens,
        estimated: false,
        streamed: false,
      });
      expect(event.costUsd).toBeCloseTo((data.usage!.prompt_tokens * 1 + data.usage!.completion_tokens * 2) / 1e6, 12);
    });

    it('streams chunk by chunk: chunks arrive while the upstream is still writing', async () => {
      const started = Date.now();
      const stream = await client.chat.completions.create({ model: 'slow', stream: true, messages: [{ role: 'user', content: 'hi' }] });
      const arrivals: number[] = [];
      let text = '';
      for await (const chunk of stream) {
        arrivals.push(Date.now() - started);
        expect(Object.keys(chunk)).not.toContain('usage');
        text += chunk.choices[0]?.delta?.content ?? '';
      }
      expect(text.split(' ').length).toBeGreaterThanOrEqual(20);
      // 20 chunks 50 ms apart: the first content arrived long before the last.
      expect(arrivals[1]).toBeLessThan(arrivals[arrivals.length - 1] - 500);
      expect(arrivals.every((ms) => ms >= 0)).toBe(true);
    });

    it('gives the usage chunk to a client that asks for it, and records exact streamed usage either way', async () => {
      const stream = await client.chat.completions.create({ model: 'chat', stream: true, stream_options: { include_usage: true }, messages: [{ role: 'user', content: 'count me' }] });
      let usageChunk: OpenAI.CompletionUsage | undefined;
      for await (const chunk of stream) if (chunk.usage) usageChunk = chunk.usage;
      expect(usageChunk?.total_tokens).toBeGreaterThan(0);
      const plain = await client.chat.completions.create({ model: 'chat', stream: true, messages: [{ role: 'user', content: 'count me' }] }).withResponse();
      for await (const chunk of plain.data) expect(Object.keys(chunk)).not.toContain('usage');
      const requestId = plain.response.headers.get('x-request-id');
      const event = await eventually(() => usage.find((u) => u.requestId === requestId) ?? Promise.reject(new Error('no event')), 10_000);
      expect(event).toMatchObject({ streamed: true, estimated: false, inputTokens: usageChunk!.prompt_tokens, outputTokens: usageChunk!.completion_tokens });
    });

    it('serves tools, json_schema and vision', async () => {
      const tools = await client.chat.completions.create({
        model: 'chat',
        messages: [{ role: 'user', content: 'weather in Paris?' }],
        tools: [{ type: 'function', function: { name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } } }],
      });
      expect(tools.choices[0].message.tool_calls?.[0]).toMatchObject({ type: 'function', function: { name: 'get_weather' } });
      const structured = await client.chat.completions.create({
        model: 'chat',
        messages: [{ role: 'user', content: 'a person' }],
        response_format: { type: 'json_schema', json_schema: { name: 'person', strict: true, schema: { type: 'object', properties: { age: { type: 'integer' } }, required: ['age'] } } },
      });
      expect(typeof JSON.parse(structured.choices[0].message.content!).age).toBe('number');
      const vision = await client.chat.completions.create({
        model: 'chat',
        messages: [{ role: 'user', content: [{ type: 'text', text: 'what is this' }, { type: 'image_url', image_url: { url: 'https://example.com/cat.png' } }] }],
      });
      expect(vision.choices[0].message.content).toContain('[1 image');
    });

    it('serves legacy completions, embeddings and images', async () => {
      const completion = await client.completions.create({ model: 'instruct', prompt: 'Say this' });
      expect(completion.choices[0].text).toContain('Mock completion for: Say this');
      const embeddings = await client.embeddings.create({ model: 'embed', input: ['a', 'b'] });
      expect(embeddings.data).toHaveLength(2);
      expect(embeddings.data[0].embedding).toHaveLength(256);
      const { data: images, response } = await client.images.generate({ model: 'image', prompt: 'a cat', n: 2 }).withResponse();
      expect(images.data).toHaveLength(2);
      const requestId = response.headers.get('x-request-id');
      const event = await eventually(() => usage.find((u) => u.requestId === requestId) ?? Promise.reject(new Error('no event')), 10_000);
      expect(event).toMatchObject({ endpoint: 'images.generations', images: 2 });
      expect(event.costUsd).toBeCloseTo(0.04, 10);
    });

    it('serves a public catalogue model by its provider/model ref', async () => {
      const { data, response } = await client.chat.completions.create({ model: 'acme/public-chat', messages: [{ role: 'user', content: 'public' }] }).withResponse();
      expect(data.choices[0].message.content).toBe('Mock reply to: public');
      expect(response.headers.get('x-model-garden-model')).toBe('acme/public-chat');
    });

    it('lists and retrieves the workspace models in OpenAI shape', async () => {
      const models = [];
      for await (const entry of client.models.list()) models.push(entry);
      expect(models.map((m) => m.id)).toEqual(expect.arrayContaining(['demo@openailike/chat', 'demo@openailike/embed']));
      expect(models[0]).toMatchObject({ object: 'model', owned_by: 'demo' });
      const one = await client.models.retrieve('demo@openailike/chat');
      expect(one).toMatchObject({ id: 'demo@openailike/chat', object: 'model', type: 'chat', status: 'active' });
      expect((await failureOf(() => client.models.retrieve('nope'))).status).toBe(404);
    });

    it('applies the model maxTokens as default and ceiling, and says so in headers', async () => {
      const lowered = await client.chat.completions.create({ model: 'capped', max_tokens: 100, messages: [{ role: 'user', content: 'a long answer please, as long as you can' }] }).withResponse();
      expect(lowered.response.headers.get('x-model-garden-max-tokens')).toBe('8');
      expect(lowered.response.headers.get('x-model-garden-max-tokens-requested')).toBe('100');
      expect(lowered.data.choices[0].finish_reason).toBe('length');
      const defaulted = await client.chat.completions.create({ model: 'capped', messages: [{ role: 'user', content: 'hi' }] }).withResponse();
      expect(defaulted.response.headers.get('x-model-garden-max-tokens')).toBe('8');
      expect(defaulted.response.headers.get('x-model-garden-max-tokens-requested')).toBeNull();
    });

    it('resolves keys and models once, then from its cache', async () => {
      await client.chat.completions.create({ model: 'chat', messages: [{ role: 'user', content: 'warm' }] });
      const before = { ...registry.calls };
      await Promise.all([1, 2, 3].map(() => client.chat.completions.create({ model: 'chat', messages: [{ role: 'user', content: 'cached' }] })));
      expect(registry.calls.authenticateApiKey).toBe(before.authenticateApiKey);
      expect(registry.calls.resolveModel).toBe(before.resolveModel);
    });
  });

  describe('errors, in OpenAI shape', () => {
    it('refuses missing, wrong and under-scoped keys', async () => {
      const missing = await fetch(`${gateway.url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
      expect(missing.status).toBe(401);
      expect(missing.headers.get('x-request-id')).toBeTruthy();
      expect(((await missing.json()) as { error: { code: string } }).error.code).toBe('missing_api_key');
      const wrong = await failureOf(() => new OpenAI({ apiKey: 'mgk_wrong', baseURL: `${gateway.url}/v1`, maxRetries: 0 }).models.list());
      expect(wrong).toMatchObject({ status: 401, code: 'invalid_api_key' });
      const scope = await failureOf(() => new OpenAI({ apiKey: NO_SCOPE_KEY, baseURL: `${gateway.url}/v1`, maxRetries: 0 }).chat.completions.create({ model: 'chat', messages: [{ role: 'user', content: 'x' }] }));
      expect(scope).toMatchObject({ status: 403, code: 'insufficient_scope' });
    });

    it('answers unknown models 404, validating 409, failed 422 with the reason, the wrong endpoint 400', async () => {
      expect(await failureOf(() => client.chat.completions.create({ model: 'nope', messages: [{ role: 'user', content: 'x' }] }))).toMatchObject({ status: 404, code: 'model_not_found', param: 'model' });
      expect(await failureOf(() => client.chat.completions.create({ model: 'validating', messages: [{ role: 'user', content: 'x' }] }))).toMatchObject({ status: 409, code: 'model_not_ready' });
      const failed = await failureOf(() => client.chat.completions.create({ model: 'failed', messages: [{ role: 'user', content: 'x' }] }));
      expect(failed).toMatchObject({ status: 422, code: 'model_failed' });
      expect(failed.message).toContain('The API key was rejected (401).');
      expect(await failureOf(() => client.embeddings.create({ model: 'chat', input: 'x' }))).toMatchObject({ status: 400, param: 'model', code: 'capability_not_supported' });
    });

    it('refuses capabilities validation found missing, and passes an upstream refusal through', async () => {
      const tools = [{ type: 'function' as const, function: { name: 'f', parameters: { type: 'object', properties: {} } } }];
      expect(await failureOf(() => client.chat.completions.create({ model: 'basic', tools, messages: [{ role: 'user', content: 'x' }] }))).toMatchObject({ status: 400, param: 'tools', code: 'capability_not_supported' });
      const json = { type: 'json_schema' as const, json_schema: { name: 'x', schema: { type: 'object' } } };
      expect(await failureOf(() => client.chat.completions.create({ model: 'basic', response_format: json, messages: [{ role: 'user', content: 'x' }] }))).toMatchObject({ status: 400, param: 'response_format' });
      const image = [{ type: 'image_url' as const, image_url: { url: 'https://example.com/a.png' } }];
      expect(await failureOf(() => client.chat.completions.create({ model: 'basic', messages: [{ role: 'user', content: image }] }))).toMatchObject({ status: 400, param: 'messages' });
      // Not tested by validation: the upstream's own 400 comes back as it was.
      expect(await failureOf(() => client.chat.completions.create({ model: 'untested', tools, messages: [{ role: 'user', content: 'x' }] }))).toMatchObject({ status: 400, param: 'tools', code: 'unsupported_parameter' });
    });

    it('answers bad JSON 400, a too large body 413 and unknown routes 404', async () => {
      const headers = { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' };
      const bad = await fetch(`${gateway.url}/v1/chat/completions`, { method: 'POST', headers, body: '{"model":' });
      expect(bad.status).toBe(400);
      expect(((await bad.json()) as { error: { type: string } }).error.type).toBe('invalid_request_error');
      const large = await fetch(`${gateway.url}/v1/chat/completions`, { method: 'POST', headers, body: JSON.stringify({ model: 'chat', messages: [{ role: 'user', content: 'x'.repeat(70_000) }] }) });
      expect(large.status).toBe(413);
      const unknown = await fetch(`${gateway.url}/v1/assistants`, { headers });
      expect(unknown.status).toBe(404);
      expect(((await unknown.json()) as { error: { message: string } }).error.message).toBe('Invalid URL (GET /v1/assistants)');
      // Outside /v1 too (a client with a base URL lacking /v1, or a probe of /metrics): OpenAI's error shape, not the framework's.
      for (const path of ['/chat/completions', '/metrics']) {
        const outside = await fetch(`${gateway.url}${path}`, { method: path === '/metrics' ? 'GET' : 'POST', headers, body: path === '/metrics' ? undefined : '{}' });
        expect(outside.status).toBe(404);
        expect(await outside.json()).toEqual({ error: { message: `Invalid URL (${path === '/metrics' ? 'GET' : 'POST'} ${path})`, type: 'invalid_request_error', param: null, code: 'unknown_url' } });
      }
    });

    it('answers 502 for a rejected provider key, an unreachable or forbidden upstream and a garbled answer, never showing the provider key', async () => {
      const credential = await failureOf(() => client.chat.completions.create({ model: 'badkey', messages: [{ role: 'user', content: 'x' }] }));
      expect(credential).toMatchObject({ status: 502, code: 'provider_credential_invalid' });
      expect(JSON.stringify(credential.error)).not.toContain('sk-wrong-provider-key');
      expect(await failureOf(() => client.chat.completions.create({ model: 'unreachable', messages: [{ role: 'user', content: 'x' }], retry: { count: 0 } } as never))).toMatchObject({
        status: 502,
        code: 'provider_unreachable',
      });
      expect(await failureOf(() => client.chat.completions.create({ model: 'forbidden', messages: [{ role: 'user', content: 'x' }] }))).toMatchObject({ status: 502, code: 'outbound_address_forbidden' });
      expect(await failureOf(() => client.chat.completions.create({ model: 'garbled', messages: [{ role: 'user', content: 'x' }] }))).toMatchObject({ status: 502, code: 'provider_bad_response' });
    });
  });

  describe('retries, fallbacks, deadlines and cancellation', () => {
    it('retries a flaky model with backoff until it answers', async () => {
      const answer = await client.chat.completions.create({ model: 'flaky', messages: [{ role: 'user', content: 'x' }] });
      expect(answer.choices[0].message.content).toContain('Mock reply');
      expect((await scenarioCounters(provider, 'flaky')).calls).toBe(3);
    });

    it('honours Retry-After, and returns the failure when retries are off', async () => {
      const started = Date.now();
      await client.chat.completions.create({ model: 'limited', messages: [{ role: 'user', content: 'x' }] });
      expect(Date.now() - started).toBeGreaterThanOrEqual(950);
      const failure = await failureOf(() => client.chat.completions.create({ model: 'down', messages: [{ role: 'user', content: 'x' }], retry: { count: 0 } } as never));
      expect(failure.status).toBe(503);
      expect((await scenarioCounters(provider, 'down')).calls).toBe(1);
    });

    it('falls back in order on retryable failures and on timeouts', async () => {
      const fallback = await client.chat.completions
        .create({ model: 'down', messages: [{ role: 'user', content: 'x' }], retry: { count: 1 }, fallbacks: [{ model: 'nope' }, { model: 'chat' }] } as never)
        .withResponse();
      expect(fallback.response.headers.get('x-model-garden-model')).toBe('demo@openailike/chat');
      const onTimeout = await client.chat.completions
        .create({ model: 'hang', messages: [{ role: 'user', content: 'x' }], timeout: { call_timeout: 300 }, fallbacks: [{ model: 'chat' }] } as never)
        .withResponse();
      expect(onTimeout.response.headers.get('x-model-garden-model')).toBe('demo@openailike/chat');
    });

    it('answers 504 at the call deadline and cancels the upstream call', async () => {
      const before = await scenarioCounters(provider, 'hang');
      const failure = await failureOf(() => client.chat.completions.create({ model: 'hang', messages: [{ role: 'user', content: 'x' }], timeout: { call_timeout: 200 } } as never));
      expect(failure).toMatchObject({ status: 504, code: 'provider_timeout' });
      await eventually(async () => expect((await scenarioCounters(provider, 'hang')).aborted).toBe(before.aborted + 1));
    });

    it('never retries once the stream has started: a broken stream ends with an error event', async () => {
      const stream = await client.chat.completions.create({ model: 'cut', stream: true, messages: [{ role: 'user', content: 'x' }] });
      let chunks = 0;
      await expect(
        (async () => {
          for await (const _chunk of stream) chunks += 1;
        })(),
      ).rejects.toThrow(/broke off/);
      expect(chunks).toBeGreaterThan(0);
      expect((await scenarioCounters(provider, 'cut')).calls).toBe(1);
    });

    it('cancels the upstream call as soon as the client goes away', async () => {
      const controller = new AbortController();
      const stream = await client.chat.completions.create({ model: 'slow', stream: true, messages: [{ role: 'user', content: 'x' }] }, { signal: controller.signal });
      const before = (await scenarioCounters(provider, 'slow')).aborted;
      const reading = (async () => {
        for await (const _chunk of stream) controller.abort();
      })();
      await reading.catch(() => undefined);
      await eventually(async () => expect((await scenarioCounters(provider, 'slow')).aborted).toBe(before + 1), 2_000);
    });
  });

  describe('registry events and outages', () => {
    it('stops accepting a revoked key within a second of the event', async () => {
      const revoked = new OpenAI({ apiKey: REVOKED_KEY, baseURL: `${gateway.url}/v1`, maxRetries: 0 });
      await revoked.chat.completions.create({ model: 'chat', messages: [{ role: 'user', content: 'x' }] });
      registry.keys.delete(REVOKED_KEY);
      const event = createEnvelope(EVENT_TYPES.apiKeyRevoked, '/test', 'key-3', { apiKeyId: 'key-3', workspaceId: WORKSPACE, prefix: 'key-3' });
      await publish(TOPICS.apiKeys, event);
      // The consumer may still be taking its partitions: re-send until it sees one (events are idempotent).
      await eventually(async () => {
        const failure = await failureOf(() => revoked.chat.completions.create({ model: 'chat', messages: [{ role: 'user', content: 'x' }] })).catch(async (error: Error) => {
          await publish(TOPICS.apiKeys, event);
          throw error;
        });
        expect(failure.status).toBe(401);
      }, 10_000, 200);
    });

    it.each([
      ['models', TOPICS.models, EVENT_TYPES.modelUpdated, 'model'],
      ['validation', TOPICS.validation, EVENT_TYPES.modelValidated, 'model'],
      ['api-keys', TOPICS.apiKeys, EVENT_TYPES.apiKeyRevoked, 'api_key'],
    ] as const)('parks poison on the %s topic and applies the next event after it', async (_, topic, type, kind) => {
      const source = prefixedTopic(topicPrefix, topic);
      // Other gateways of this run (other spec files) share the topics, each in its own group: count only this one's.
      const groupId = gateway.app.get(CacheInvalidationConsumer).groupId;
      const ours = (l: { sourceTopic: string; group: string }): boolean => l.sourceTopic === source && l.group === groupId;
      const tap = new DeadLetterTap(`gateway-dlq-${kind}-${Date.now()}`);
      const applied = async (): Promise<number> => (await gateway.app.get(GatewayMetrics).invalidations.get()).values.find((v) => v.labels['kind'] === kind)?.value ?? 0;
      try {
        await tap.listen([source]);
        const subject = `poisoned-${topic}`;
        const good = createEnvelope(type, '/test', subject, type === EVENT_TYPES.apiKeyRevoked ? { apiKeyId: 'key-never-cached', workspaceId: WORKSPACE, prefix: 'never' } : { modelId: subject, workspaceId: WORKSPACE, revision: 1 });
        const poison = type === EVENT_TYPES.apiKeyRevoked ? [createEnvelope(type, '/test', subject, { workspaceId: WORKSPACE })] : [];
        const before = await applied();
        // The consumer starts at the latest offset: re-send until it has its partitions.
        await eventually(async () => {
          if ((await applied()) <= before || tap.parked.filter(ours).length < 1 + poison.length) {
            await tap.produce(source, subject, ['{"truncated":', ...poison, good]);
            throw new Error('not yet');
          }
        }, 15_000, 500);
        const parked = await tap.waitFor(ours);
        expect(new Set(parked.map((l) => l.reason))).toEqual(new Set(poison.length ? ['unparseable', 'invalid'] : ['unparseable']));
        expect(parked.every((l) => l.key === subject)).toBe(true);
      } finally {
        await tap.close();
      }
    });

    it('applies a model update within a second of the event', async () => {
      model('mutable', 'mock-chat');
      await client.chat.completions.create({ model: 'mutable', messages: [{ role: 'user', content: 'x' }] });
      model('mutable', 'mock-chat', { status: 'failed', statusMessage: 'Revalidation failed.', revision: 2 });
      const event = createEnvelope(EVENT_TYPES.modelUpdated, '/test', 'id-mutable', { modelId: 'id-mutable', workspaceId: WORKSPACE, revision: 2 });
      const sent = Date.now();
      await publish(TOPICS.models, event);
      await eventually(async () => {
        const failure = await failureOf(() => client.chat.completions.create({ model: 'mutable', messages: [{ role: 'user', content: 'x' }] })).catch(async (error: Error) => {
          await publish(TOPICS.models, event);
          throw error;
        });
        expect(failure.status).toBe(422);
      }, 10_000, 100);
      expect(Date.now() - sent).toBeLessThan(5_000);
    });

    it('keeps serving cached keys and models while the registry is down, and answers 503 for the rest', async () => {
      await client.chat.completions.create({ model: 'chat', messages: [{ role: 'user', content: 'x' }] });
      registry.down = true;
      try {
        await client.chat.completions.create({ model: 'chat', messages: [{ role: 'user', content: 'still served' }] });
        expect(await failureOf(() => client.chat.completions.create({ model: 'never-seen', messages: [{ role: 'user', content: 'x' }] }))).toMatchObject({ status: 503 });
      } finally {
        registry.down = false;
      }
    });
  });

  describe('logs', () => {
    it('never carry prompts, workspace keys or provider keys', () => {
      const text = gateway.logs.text();
      expect(gateway.logs.lines.length).toBeGreaterThan(10);
      expect(text).toContain('"msg":"inference"');
      for (const secret of [PROMPT, KEY, provider.apiKey, 'sk-wrong-provider-key', SERVICE_TOKEN]) expect(text).not.toContain(secret);
    });
  });

  describe('graceful shutdown', () => {
    it('lets a running stream finish, refuses new requests, then closes', async () => {
      const stream = await client.chat.completions.create({ model: 'slow', stream: true, messages: [{ role: 'user', content: 'x' }] });
      let chunks = 0;
      const reading = (async () => {
        for await (const _chunk of stream) chunks += 1;
      })();
      await eventually(() => expect(chunks).toBeGreaterThan(0));
      const inFlight = gateway.app.get(InFlightRequests);
      const draining = inFlight.drain(10_000);
      const refused = await failureOf(() => client.chat.completions.create({ model: 'chat', messages: [{ role: 'user', content: 'x' }] }));
      expect(refused).toMatchObject({ status: 503, code: 'shutting_down' });
      await draining;
      await reading;
      expect(chunks).toBeGreaterThanOrEqual(20);
    });
  });
});
