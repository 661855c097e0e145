import { createServer, type Server } from 'node:http';
import { type AddressInfo } from 'node:net';
import { request, type Agent } from 'undici';
import { createGuardedAgent, parseOutboundAllowlist, resolveGuarded } from '@model-garden/platform';
// Test code only: the testing library starts the real mock provider process for this tier.
import { startMockProviderProcess, type MockProviderProcess } from '@model-garden/testing';
import { runHealthCheck, runValidation, type ProbeModel, type ProbeNetwork, type ValidationOutcome } from '../src/probes/index';

/**
 * The probes against the real mock provider process on loopback, through the real
 * outbound guard (loopback allowlisted, as an operator would for a local server).
 */
describe('probes against the mock provider', () => {
  let mock: MockProviderProcess;
  let agent: Agent;
  let network: ProbeNetwork;
  const allowlist = parseOutboundAllowlist('127.0.0.1:*');

  beforeAll(async () => {
    mock = await startMockProviderProcess();
    agent = createGuardedAgent({ allowlist, connectTimeoutMs: 2_000 });
    network = { dispatcher: agent, resolveHost: (host, port) => resolveGuarded(host, { allowlist, port }) };
  });

  afterAll(async () => {
    await agent?.close();
    await mock?.close();
  });

  const model = (upstreamModelId: string, type = 'chat', overrides: Partial<ProbeModel> = {}): ProbeModel => ({
    type,
    baseUrl: `${mock.url}/v1`,
    upstreamModelId,
    apiKey: mock.apiKey,
    ...overrides,
  });

  const byName = (outcome: ValidationOutcome, name: string) => outcome.checks.find((c) => c.name === name);

  async function scenario(body: Record<string, unknown>): Promise<void> {
    const response = await request(`${mock.url}/__mock/scenarios`, {
      method: 'POST',
      headers: { authorization: `Bearer ${mock.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    await response.body.text();
    expect(response.statusCode).toBe(201);
  }

  async function calls(id: string): Promise<number> {
    const response = await request(`${mock.url}/__mock/scenarios/${id}`, { headers: { authorization: `Bearer ${mock.apiKey}` } });
    return ((await response.body.json()) as { calls: number }).calls;
  }

  it('finds every capability of a healthy chat model, and never echoes the key', async () => {
    const outcome = await runValidation(model('mock-chat'), { network });
    expect(outcome.status).toBe('active');
    expect(outcome.failure).toBeUndefined();
    expect(outcome.capabilities).toEqual({
      chat: true,
      streaming: true,
      streamUsage: true,
      functionCalling: true,
      structuredOutput: true,
      vision: true,
    });
    expect(outcome.checks.map((c) => [c.name, c.status])).toEqual([
      ['connectivity', 'pass'],
      ['authentication', 'pass'],
      ['model', 'pass'],
      ['chat', 'pass'],
      ['chat.streaming', 'pass'],
      ['chat.stream_usage', 'pass'],
      ['chat.tools', 'pass'],
      ['chat.structured_output', 'pass'],
      ['chat.vision', 'pass'],
    ]);
    expect(byName(outcome, 'connectivity')?.message).toMatch(/DNS \d+ ms, TCP \d+ ms, first HTTP answer \d+ ms \(200\)/);
    expect(outcome.adapter).toBe('openai-compatible');
    expect(JSON.stringify(outcome)).not.toContain(mock.apiKey);
  });

  it('keeps a text-only chat model active, with tools, structured output and vision false', async () => {
    const outcome = await runValidation(model('mock-chat-basic'), { network });
    expect(outcome.status).toBe('active');
    expect(outcome.capabilities).toMatchObject({ chat: true, streaming: true, streamUsage: true, functionCalling: false, structuredOutput: false, vision: false });
    const tools = byName(outcome, 'chat.tools');
    expect(tools).toMatchObject({ status: 'warn', httpStatus: 400, code: 'provider_error' });
    expect(tools?.message).toContain('does not support tools');
  });

  it('records the dimension of an embedding model', async () => {
    const outcome = await runValidation(model('mock-embed', 'embedding'), { network });
    expect(outcome.status).toBe('active');
    expect(outcome.capabilities).toEqual({ embedding: true, embeddingDimension: 256 });
  });

  it('validates an image model with one small generation', async () => {
    const outcome = await runValidation(model('mock-image', 'image'), { network });
    expect(outcome.status).toBe('active');
    expect(outcome.capabilities).toEqual({ imageGeneration: true });
  });

  it('validates a legacy completion model', async () => {
    const outcome = await runValidation(model('mock-instruct', 'completion'), { network });
    expect(outcome.status).toBe('active');
    expect(outcome.capabilities).toEqual({ completion: true });
  });

  it('fails a wrong key permanently, with a reason a person can act on', async () => {
    const outcome = await runValidation(model('mock-chat', 'chat', { apiKey: 'sk-wrong-key-0123456789' }), { network });
    expect(outcome.status).toBe('failed');
    expect(outcome.failure).toMatchObject({ check: 'authentication', code: 'provider_credential_invalid', transient: false });
    expect(outcome.failure?.message).toContain('The API key was rejected (401). Check the key, or whether it belongs to this base URL.');
    expect(byName(outcome, 'model')?.status).toBe('skip');
    expect(JSON.stringify(outcome)).not.toContain('sk-wrong-key-0123456789');
  });

  it('fails an unknown model id permanently and suggests the close matches', async () => {
    const outcome = await runValidation(model('mock-chatt'), { network });
    expect(outcome.status).toBe('failed');
    expect(outcome.failure).toMatchObject({ check: 'model', code: 'model_not_found', transient: false });
    expect(outcome.failure?.message).toContain('Did you mean "mock-chat"');
  });

  it('fails a model whose type the endpoint does not serve', async () => {
    const outcome = await runValidation(model('mock-embed', 'chat'), { network });
    expect(outcome.status).toBe('failed');
    expect(outcome.failure).toMatchObject({ check: 'chat', code: 'provider_error', transient: false });
  });

  it('reports 5xx as transient, and the next attempt succeeds', async () => {
    await scenario({ id: 'probe-flaky', base: 'mock-chat', failFirst: 1, failStatus: 503 });
    const first = await runValidation(model('probe-flaky'), { network });
    expect(first.status).toBe('failed');
    expect(first.failure).toMatchObject({ check: 'chat', code: 'provider_error', transient: true });
    const second = await runValidation(model('probe-flaky'), { network });
    expect(second.status).toBe('active');
  });

  it('reports a 429 as transient with the Retry-After the provider asked for', async () => {
    await scenario({ id: 'probe-429', base: 'mock-chat', failFirst: 1, failStatus: 429, retryAfterSeconds: 2 });
    const outcome = await runValidation(model('probe-429'), { network });
    expect(outcome.failure).toMatchObject({ code: 'provider_rate_limited', transient: true, retryAfterMs: 2_000 });
  });

  it('times out a hanging model, transiently, within the deadline', async () => {
    const started = Date.now();
    const outcome = await runValidation(model('mock-hang'), { network, timeoutMs: 400 });
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(outcome.status).toBe('failed');
    expect(outcome.failure).toMatchObject({ check: 'chat', code: 'provider_timeout', transient: true });
    expect(outcome.failure?.message).toContain('did not answer within 400 ms');
  });

  it('refuses an address outside the allowlist before any byte is sent', async () => {
    const closed: ProbeNetwork = {
      dispatcher: createGuardedAgent({}),
      resolveHost: (host, port) => resolveGuarded(host, { port }),
    };
    try {
      const outcome = await runValidation(model('mock-chat'), { network: closed });
      expect(outcome.status).toBe('failed');
      expect(outcome.failure).toMatchObject({ check: 'connectivity', code: 'outbound_address_forbidden', transient: false });
      expect(outcome.checks.filter((c) => c.status === 'skip').map((c) => c.name)).toContain('chat.tools');
    } finally {
      await closed.dispatcher.close();
    }
  });

  it('fails connectivity on a redirect instead of following it', async () => {
    const server: Server = createServer((_req, res) => {
      res.writeHead(301, { location: 'http://169.254.169.254/latest/meta-data?token=abc' });
      res.end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const outcome = await runValidation(model('mock-chat', 'chat', { baseUrl: `http://127.0.0.1:${port}/v1` }), { network });
      expect(outcome.failure).toMatchObject({ check: 'connectivity', code: 'provider_redirect', transient: false });
      expect(outcome.failure?.message).toContain('redirect (301) to http://169.254.169.254/latest/meta-data');
      expect(outcome.failure?.message).not.toContain('token=abc');
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('health-checks a listed model with one GET /models and no model call', async () => {
    await scenario({ id: 'probe-health', base: 'mock-chat' });
    const outcome = await runHealthCheck(model('probe-health'), { network });
    expect(outcome.status).toBe('active');
    expect(outcome.checks.map((c) => c.name)).toEqual(['connectivity', 'authentication', 'model']);
    expect(await calls('probe-health')).toBe(0);
  });

  it('health-checks an unlisted model through its smallest real call, degraded when it fails', async () => {
    await scenario({ id: 'probe-unlisted', base: 'mock-chat', unlisted: true, failStatus: 500 });
    const outcome = await runHealthCheck(model('probe-unlisted'), { network });
    expect(outcome.status).toBe('degraded');
    expect(outcome.failure).toMatchObject({ check: 'chat', transient: true });
  });
});
