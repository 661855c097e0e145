import { createServer, request as httpRequest, type Server } from 'node:http';
import { type AddressInfo, connect, type Socket } from 'node:net';
import { internalUrlOf } from '@model-garden/platform';
import { type UsageRecordedData } from '@model-garden/contracts';
import { type MockProviderProcess, RegistryGrpcDouble } from '@model-garden/testing';
import { eventually, type GatewayHarness, mockScenario, scenarioCounters, SERVICE_TOKEN, startGateway, startMockProvider } from './gateway-harness';
import { CacheInvalidationConsumer } from '../src/invalidation/cache-invalidation.consumer';
import { UsageRecorder } from '../src/usage/usage-recorder.service';

/**
 * Issue 11 (gateway): what a hostile client or a hostile upstream can no longer do.
 * The gateway in process with tight limits, the registry's gRPC double and the real
 * mock provider (its hostile scenarios) as a process.
 */
const KEY_A = 'mgk_hardening0001_secret-of-workspace-a-key-for-tests-00000000';
const KEY_B = 'mgk_hardening0002_secret-of-workspace-b-key-for-tests-00000000';
const KEY_C = 'mgk_hardening0003_secret-of-a-key-first-seen-later-00000000000';
const CAPS = { chat: true, streaming: true, streamUsage: true, functionCalling: true, structuredOutput: true, vision: true };
const EVENT_LIMIT = 65_536;
const RESPONSE_LIMIT = 262_144;
const MAX_CONNECTIONS = 40;
/** Smaller than one answer the per-answer limit allows, so the budget's refusal is deterministic. */
const BUFFER_BUDGET = 131_072;

interface RawAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
  closed: boolean;
  elapsedMs: number;
}

describe('gateway hardening (issue 11)', () => {
  let registry: RegistryGrpcDouble;
  let provider: MockProviderProcess;
  let gateway: GatewayHarness;
  let port: number;
  let forwarder: Server;

  const model = (workspaceId: string, key: string, upstream: string, extra: Record<string, unknown> = {}): void => {
    registry.putModel({ id: `id-${workspaceId}-${key}`, key, workspaceId, baseUrl: `${provider.url}/v1`, upstreamModelId: upstream, apiKey: provider.apiKey, capabilities: CAPS, ...extra });
  };

  const chat = (key: string, body: Record<string, unknown>, headers: Record<string, string> = {}): Promise<Response> =>
    fetch(`${gateway.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ messages: [{ role: 'user', content: 'hi' }], ...body }),
    });

  /** Sends raw bytes and reads the answer until the server closes the connection or `waitMs` passes. */
  const raw = (head: string, bodyPart: string, waitMs: number, localAddress?: string): Promise<RawAnswer> =>
    new Promise((resolve, reject) => {
      const started = Date.now();
      const socket: Socket = connect({ host: '127.0.0.1', port, localAddress });
      let text = '';
      let closed = false;
      const finish = (): void => {
        clearTimeout(timer);
        socket.destroy();
        const [headerText, ...rest] = text.split('\r\n\r\n');
        const lines = headerText.split('\r\n');
        const headers: Record<string, string> = {};
        for (const line of lines.slice(1)) {
          const colon = line.indexOf(':');
          if (colon > 0) headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
        }
        resolve({ status: Number(lines[0]?.split(' ')[1] ?? 0), headers, body: rest.join('\r\n\r\n'), closed, elapsedMs: Date.now() - started });
      };
      const timer = setTimeout(finish, waitMs);
      socket.on('data', (chunk: Buffer) => {
        text += chunk.toString('utf8');
      });
      socket.on('end', () => {
        closed = true;
        finish();
      });
      socket.on('error', (error) => {
        if (text !== '') finish();
        else reject(error);
      });
      socket.write(head + bodyPart);
    });

  const trickling = (authorization: string | undefined, path = '/v1/chat/completions'): string =>
    [
      `POST ${path} HTTP/1.1`,
      'Host: gateway',
      'Content-Type: application/json',
      'Content-Length: 10000000',
      ...(authorization === undefined ? [] : [`Authorization: ${authorization}`]),
      '',
      '',
    ].join('\r\n');

  beforeAll(async () => {
    [registry, provider] = await Promise.all([RegistryGrpcDouble.start(SERVICE_TOKEN), startMockProvider()]);
    registry.putKey({ secret: KEY_A, apiKeyId: 'key-a', workspaceId: 'ws-a' });
    registry.putKey({ secret: KEY_B, apiKeyId: 'key-b', workspaceId: 'ws-b' });
    await Promise.all([
      mockScenario(provider, { id: 'endless', base: 'mock-chat', endlessStream: true }),
      mockScenario(provider, { id: 'huge', base: 'mock-chat', jsonPaddingBytes: RESPONSE_LIMIT * 4 }),
      mockScenario(provider, { id: 'big', base: 'mock-chat', jsonPaddingBytes: BUFFER_BUDGET + 10_000 }),
      mockScenario(provider, { id: 'long', base: 'mock-chat', chunks: 200, chunkDelayMs: 50 }),
      mockScenario(provider, { id: 'hang', base: 'mock-chat', hang: true }),
      mockScenario(provider, { id: 'liar', base: 'mock-chat', reportedPromptTokens: 3_000_000_000 }),
      mockScenario(provider, { id: 'html', base: 'mock-chat', successContentType: 'text/html; charset=utf-8' }),
    ]);
    for (const id of ['endless', 'huge', 'big', 'long', 'hang', 'liar', 'html']) model('ws-a', id, id);
    model('ws-b', 'chat', 'mock-chat');
    model('ws-a', 'chat', 'mock-chat');
    gateway = await startGateway(registry, {
      GATEWAY_REQUEST_TIMEOUT_MS: '1500',
      GATEWAY_HEADERS_TIMEOUT_MS: '1000',
      GATEWAY_MAX_CONNECTIONS: String(MAX_CONNECTIONS),
      GATEWAY_AUTH_FAILURES_PER_MINUTE: '5',
      GATEWAY_MAX_IN_FLIGHT_PER_KEY: '3',
      GATEWAY_MAX_IN_FLIGHT: '5',
      GATEWAY_MAX_SSE_EVENT_BYTES: String(EVENT_LIMIT),
      GATEWAY_MAX_RESPONSE_BYTES: String(RESPONSE_LIMIT),
      GATEWAY_MAX_STREAM_DURATION_MS: '1000',
      GATEWAY_DATA_IMAGES_ONLY: 'private',
      GATEWAY_INTERNAL_PORT: '0',
    });
    port = Number(new URL(gateway.url).port);
    // A model whose base URL reaches the gateway again through a forwarder (as a load balancer in front of it would, on an address
    // the outbound guard does not know as the gateway's), presenting a workspace key: without the hop check it would call itself forever.
    forwarder = createServer((req, res) => {
      const upstream = httpRequest({ host: '127.0.0.1', port, path: req.url, method: req.method, headers: req.headers }, (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      });
      upstream.on('error', () => res.destroy());
      req.pipe(upstream);
    });
    await new Promise<void>((resolve) => forwarder.listen(0, '127.0.0.1', resolve));
    model('ws-a', 'loop', 'chat', { baseUrl: `http://127.0.0.1:${(forwarder.address() as AddressInfo).port}/v1`, apiKey: KEY_A });
    await gateway.app.get(CacheInvalidationConsumer).ready();
  });

  afterAll(async () => {
    forwarder?.closeAllConnections();
    forwarder?.close();
    await gateway?.app.close();
    await Promise.all([registry?.close(), provider?.close()]);
  });

  describe('11.2: who is asking is known before the body is read', () => {
    it('answers a bad key at once and closes the connection while the body still trickles', async () => {
      const answer = await raw(trickling('Bearer nope'), '{"model":"chat","messages":[', 3_000);
      expect(answer.status).toBe(401);
      expect(answer.closed).toBe(true);
      expect(answer.elapsedMs).toBeLessThan(2_000);
      expect(JSON.parse(answer.body)).toMatchObject({ error: { code: 'invalid_api_key' } });
      const missing = await raw(trickling(undefined), '{"model":', 3_000);
      expect(missing).toMatchObject({ status: 401, closed: true });
    });

    it.each(['/v2/deployments/invoke', '/v2/deployments/stream', '/v2/deployments/get_config'])('admits orq.ai deployment calls the same way (%s)', async (path) => {
      // From an address of its own: these failed authentications must not count against the other tests' 127.0.0.1.
      const answer = await raw(trickling('Bearer nope', path), '{"key":"support","inputs":{', 3_000, '127.0.0.3');
      expect(answer).toMatchObject({ status: 401, closed: true });
      expect(answer.elapsedMs).toBeLessThan(2_000);
      expect(answer.headers['content-type']).toBe('application/json');
      expect(answer.headers['x-content-type-options']).toBe('nosniff');
      expect(JSON.parse(answer.body)).toMatchObject({ error: { code: 'invalid_api_key' } });
    });

    it('gives a valid key only the request timeout to send its body (408, connection closed)', async () => {
      const answer = await raw(trickling(`Bearer ${KEY_A}`), '{"model":"chat",', 5_000);
      expect(answer.status).toBe(408);
      expect(answer.closed).toBe(true);
    });

    it('closes connections beyond the cap at once, and serves again once they are gone', async () => {
      const sockets = await Promise.all(
        Array.from(
          { length: MAX_CONNECTIONS + 20 },
          () =>
            new Promise<{ socket: Socket; closed: () => boolean }>((resolve) => {
              let closed = false;
              const socket = connect({ host: '127.0.0.1', port }, () => resolve({ socket, closed: () => closed }));
              socket.on('close', () => {
                closed = true;
              });
              socket.on('error', () => undefined);
            }),
        ),
      );
      await eventually(() => expect(sockets.filter((s) => s.closed()).length).toBeGreaterThanOrEqual(20), 3_000);
      for (const { socket } of sockets) socket.destroy();
      await eventually(async () => expect((await chat(KEY_A, { model: 'chat' })).status).toBe(200));
    });

    it('limits failed authentications per client address with 429 and Retry-After, other addresses unaffected', async () => {
      const statuses: number[] = [];
      let retryAfter: string | undefined;
      for (let attempt = 0; attempt < 7; attempt += 1) {
        const answer = await raw(trickling(`Bearer mgk_random${attempt}_${'x'.repeat(40)}`), '', 2_000, '127.0.0.2');
        statuses.push(answer.status);
        retryAfter ??= answer.headers['retry-after'];
      }
      expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429]);
      expect(Number(retryAfter)).toBeGreaterThan(0);
      // From the refused address, a key seen valid before still passes; an unseen one does not reach the registry.
      registry.putKey({ secret: KEY_C, apiKeyId: 'key-c', workspaceId: 'ws-a' });
      const fromRefused = async (key: string): Promise<number> => (await raw(trickling(`Bearer ${key}`).replace('Content-Length: 10000000', 'Content-Length: 2'), '{}', 2_000, '127.0.0.2')).status;
      expect(await fromRefused(KEY_A)).toBe(400);
      expect(await fromRefused(KEY_C)).toBe(429);
      expect((await chat(KEY_C, { model: 'chat' })).status).toBe(200);
    });
  });

  describe('11.3: a hostile upstream cannot exhaust the gateway', () => {
    it('ends an endless event with an error event and cuts the upstream, while another workspace is served', async () => {
      const before = await scenarioCounters(provider, 'endless');
      const hostile = chat(KEY_A, { model: 'endless', stream: true }).then(async (response) => ({ status: response.status, text: await response.text() }));
      const others: number[] = [];
      for (let index = 0; index < 3; index += 1) others.push(...(await Promise.all([chat(KEY_B, { model: 'chat' }), chat(KEY_B, { model: 'chat' })])).map((response) => response.status));
      expect(others).toEqual([200, 200, 200, 200, 200, 200]);
      const answer = await hostile;
      expect(answer.status).toBe(200);
      expect(answer.text.length).toBeLessThan(EVENT_LIMIT * 2);
      expect(answer.text).toContain('"code":"stream_limit_exceeded"');
      await eventually(async () => expect((await scenarioCounters(provider, 'endless')).aborted).toBe(before.aborted + 1));
    });

    it('ends a stream that runs past its longest duration with an error event', async () => {
      const started = Date.now();
      const response = await chat(KEY_A, { model: 'long', stream: true });
      const text = await response.text();
      expect(Date.now() - started).toBeLessThan(5_000);
      expect(text).toContain('"code":"stream_limit_exceeded"');
      expect(text).toContain('ran longer than');
    });

    it('refuses a JSON answer over the size limit with 502, while another workspace is served', async () => {
      const [huge, other] = await Promise.all([chat(KEY_A, { model: 'huge' }), chat(KEY_B, { model: 'chat' })]);
      expect(other.status).toBe(200);
      expect(huge.status).toBe(502);
      expect(((await huge.json()) as { error: { code: string } }).error.code).toBe('provider_bad_response');
    });

    it('holds at most the buffer budget of answers in memory across requests: beyond it 503 with Retry-After, and the budget is given back', async () => {
      // A gateway whose budget is smaller than one answer the per-answer limit allows, so the refusal does not depend on timing.
      const tight = await startGateway(registry, { GATEWAY_MAX_BUFFERED_RESPONSE_BYTES: String(BUFFER_BUDGET), GATEWAY_INTERNAL_PORT: '0', GATEWAY_MAX_RESPONSE_BYTES: String(RESPONSE_LIMIT) });
      try {
        const ask = (name: string): Promise<Response> =>
          fetch(`${tight.url}/v1/chat/completions`, {
            method: 'POST',
            headers: { authorization: `Bearer ${KEY_A}`, 'content-type': 'application/json' },
            body: JSON.stringify({ model: name, messages: [{ role: 'user', content: 'hi' }] }),
          });
        const big = await ask('big');
        expect(big.status).toBe(503);
        expect(big.headers.get('retry-after')).toBe('1');
        expect(((await big.json()) as { error: { code: string } }).error.code).toBe('service_unavailable');
        // Nothing stays taken: small answers are served, again and again.
        for (let index = 0; index < 3; index += 1) expect((await ask('chat')).status).toBe(200);
      } finally {
        await tight.app.close();
      }
    });

    it('caps requests in flight per key (429) and in total (503), with Retry-After', async () => {
      const controller = new AbortController();
      const hanging = (key: string): Promise<unknown> =>
        fetch(`${gateway.url}/v1/chat/completions`, {
          method: 'POST',
          signal: controller.signal,
          headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
          body: JSON.stringify({ model: key === KEY_A ? 'hang' : 'chat', messages: [{ role: 'user', content: 'hi' }], ...(key === KEY_B ? { stream: true } : {}) }),
        }).catch(() => undefined);
      const held = [hanging(KEY_A), hanging(KEY_A), hanging(KEY_A)];
      await eventually(async () => expect((await scenarioCounters(provider, 'hang')).calls).toBeGreaterThanOrEqual(3));
      const perKey = await chat(KEY_A, { model: 'chat' });
      expect(perKey.status).toBe(429);
      expect(perKey.headers.get('retry-after')).toBe('1');
      expect(((await perKey.json()) as { error: { code: string } }).error.code).toBe('too_many_requests_in_flight');
      expect((await chat(KEY_B, { model: 'chat' })).status).toBe(200);
      // Two more in flight from workspace B reach the total of 5.
      await mockScenario(provider, { id: 'hang-b', base: 'mock-chat', hang: true });
      model('ws-b', 'hang-b', 'hang-b');
      const heldB = [0, 1].map(() =>
        fetch(`${gateway.url}/v1/chat/completions`, {
          method: 'POST',
          signal: controller.signal,
          headers: { authorization: `Bearer ${KEY_B}`, 'content-type': 'application/json' },
          body: JSON.stringify({ model: 'hang-b', messages: [{ role: 'user', content: 'hi' }] }),
        }).catch(() => undefined),
      );
      await eventually(async () => expect((await scenarioCounters(provider, 'hang-b')).calls).toBe(2));
      const total = await chat(KEY_B, { model: 'chat' });
      expect(total.status).toBe(503);
      expect(total.headers.get('retry-after')).toBe('1');
      controller.abort();
      await Promise.all([...held, ...heldB]);
      await eventually(async () => expect((await chat(KEY_A, { model: 'chat' })).status).toBe(200));
    });
  });

  describe('11.4: usage figures are checked', () => {
    it('records an implausible upstream token count as an estimate, never as reported', async () => {
      const recorded: UsageRecordedData[] = [];
      const spy = jest.spyOn(gateway.app.get(UsageRecorder), 'record').mockImplementation((event) => {
        recorded.push(event);
      });
      try {
        const response = await chat(KEY_A, { model: 'liar' });
        expect(response.status).toBe(200);
        await eventually(() => expect(recorded.length).toBe(1));
        expect(recorded[0]).toMatchObject({ estimated: true, modelRef: expect.any(String) });
        expect(recorded[0].inputTokens).toBeLessThan(100);
        expect(recorded[0].outputTokens).toBeGreaterThan(0);
      } finally {
        spy.mockRestore();
      }
    });
  });

  describe('11.7: loops, content types and image sources', () => {
    it('refuses a request that already passed through a gateway, so a model pointing back at the gateway cannot recurse', async () => {
      const direct = await chat(KEY_A, { model: 'chat' }, { 'x-model-garden-hop': '1' });
      expect(direct.status).toBe(508);
      expect(((await direct.json()) as { error: { code: string } }).error.code).toBe('loop_detected');
      // One hop only: the gateway's call to itself is refused, and that refusal is the answer.
      const looped = await chat(KEY_A, { model: 'loop' });
      expect(looped.status).toBe(508);
      expect(((await looped.json()) as { error: { code: string } }).error.code).toBe('loop_detected');
    });

    it('sets its own content type with nosniff, whatever the upstream sent', async () => {
      const json = await chat(KEY_A, { model: 'html' });
      expect(json.status).toBe(200);
      expect(json.headers.get('content-type')).toBe('application/json');
      expect(json.headers.get('x-content-type-options')).toBe('nosniff');
      const stream = await chat(KEY_A, { model: 'chat', stream: true });
      expect(stream.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
      expect(stream.headers.get('x-content-type-options')).toBe('nosniff');
      await stream.text();
      const refused = await chat('nope', { model: 'chat' });
      expect(refused.headers.get('x-content-type-options')).toBe('nosniff');
    });

    it('accepts only data: image URLs for a model on the private network (GATEWAY_DATA_IMAGES_ONLY=private)', async () => {
      const image = (url: string): Record<string, unknown> => ({ messages: [{ role: 'user', content: [{ type: 'text', text: 'what?' }, { type: 'image_url', image_url: { url } }] }] });
      const refused = await chat(KEY_A, { model: 'chat', ...image('http://169.254.169.254/latest/meta-data') });
      expect(refused.status).toBe(400);
      expect(((await refused.json()) as { error: { code: string; param: string } }).error).toMatchObject({ code: 'image_url_not_allowed', param: 'messages[0].content[1].image_url.url' });
      const inline = await chat(KEY_A, { model: 'chat', ...image('data:image/png;base64,iVBORw0KGgo=') });
      expect(inline.status).toBe(200);
    });
  });

  describe('11.6: metrics and detailed readiness only on the internal listener', () => {
    it('serves metrics without tenant labels and detailed readiness on the internal port; the public port has neither', async () => {
      const internal = internalUrlOf(gateway.app);
      expect(internal).toBeDefined();
      expect((await fetch(`${gateway.url}/metrics`)).status).toBe(404);
      const ready = await fetch(`${gateway.url}/health/ready`);
      expect(await ready.json()).toEqual({ status: 'ok' });
      const detailed = (await (await fetch(`${internal}/health/ready`)).json()) as { status: string; checks: Record<string, unknown> };
      expect(detailed.status).toBe('ok');
      expect(Object.keys(detailed.checks).length).toBeGreaterThan(0);
      const metrics = await (await fetch(`${internal}/metrics`)).text();
      expect(metrics).toContain('model_garden_gateway_requests_total{endpoint="chat.completions",status="200"}');
      expect(metrics).not.toMatch(/model="|workspace|gateway_cost/);
    });
  });
});
