import OpenAI from 'openai';
import { type MockProviderProcess } from '@model-garden/testing';
import { type GatewayHarness, SERVICE_TOKEN, mockScenario, scenarioCounters, startGateway, startMockProvider } from '../../test/gateway-harness';
import { RegistryGrpcDouble } from '../../test/registry-grpc.double';

const WORKSPACE = 'ws-1';
const KEY = 'mgk_testkey00001_inference-secret-for-tests-0000000000000000000';

describe('gateway inference (real gRPC double, real mock provider)', () => {
  let registry: RegistryGrpcDouble;
  let provider: MockProviderProcess;
  let gateway: GatewayHarness;
  let client: OpenAI;

  const model = (key: string, upstream: string, extra: Record<string, unknown> = {}): void => {
    registry.putModel({ id: `id-${key}`, key, workspaceId: WORKSPACE, baseUrl: `${provider.url}/v1`, upstreamModelId: upstream, apiKey: provider.apiKey, ...extra });
  };

  beforeAll(async () => {
    [registry, provider] = await Promise.all([RegistryGrpcDouble.start(SERVICE_TOKEN), startMockProvider()]);
    registry.putKey({ secret: KEY, apiKeyId: 'key-1', workspaceId: WORKSPACE });
    model('chat', 'mock-chat', { capabilities: { chat: true, streaming: true, streamUsage: true, functionCalling: true, structuredOutput: true, vision: true } });
    gateway = await startGateway(registry);
    client = new OpenAI({ apiKey: KEY, baseURL: `${gateway.url}/v1`, maxRetries: 0 });
  });

  afterAll(async () => {
    await gateway?.app.close();
    await Promise.all([registry?.close(), provider?.close()]);
  });

  it('answers a chat completion in OpenAI shape with a request id', async () => {
    const { data, response } = await client.chat.completions.create({ model: 'chat', messages: [{ role: 'user', content: 'hello there' }] }).withResponse();
    expect(data.choices[0].message.content).toBe('Mock reply to: hello there');
    expect(data.usage?.prompt_tokens).toBeGreaterThan(0);
    expect(response.headers.get('x-request-id')).toBeTruthy();
  });

  it('streams', async () => {
    await mockScenario(provider, { id: 'slow', base: 'mock-chat', chunks: 5, chunkDelayMs: 100 });
    model('slow', 'slow');
    const started = Date.now();
    const stream = await client.chat.completions.create({ model: 'slow', stream: true, messages: [{ role: 'user', content: 'hi' }] });
    const arrivals: number[] = [];
    for await (const chunk of stream) {
      arrivals.push(Date.now() - started);
      expect(chunk.usage ?? null).toBeNull();
    }
    expect(arrivals.length).toBeGreaterThan(5);
    expect(arrivals[1]).toBeLessThan(arrivals[arrivals.length - 1] - 300);
    expect((await scenarioCounters(provider, 'slow')).calls).toBe(1);
  });
});
