import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { type AddressInfo } from 'node:net';
import { type ExperimentWorkerConfig } from '../config/experiment-worker.config';
import { GatewayCallError, GatewayClient } from './gateway.client';

type Handler = (req: IncomingMessage, res: ServerResponse, body: Record<string, unknown>) => void;

/** A stand-in gateway in this process: each test says how it answers. */
describe('GatewayClient', () => {
  let server: Server;
  let handler: Handler;
  let client: GatewayClient;
  const seen: { path: string; auth: string; body: Record<string, unknown> }[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      let raw = '';
      req.on('data', (chunk: Buffer) => (raw += chunk.toString()));
      req.on('end', () => {
        const body = JSON.parse(raw || '{}') as Record<string, unknown>;
        seen.push({ path: req.url ?? '', auth: req.headers.authorization ?? '', body });
        handler(req, res, body);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    client = new GatewayClient({ GATEWAY_URL: `http://127.0.0.1:${port}/`, EXPERIMENT_CALL_TIMEOUT_MS: 2_000, EXPERIMENT_MAX_OUTPUT_CHARS: 20 } as ExperimentWorkerConfig);
  });

  afterAll(async () => {
    await client.onApplicationShutdown();
    await new Promise((resolve) => server.close(resolve));
  });

  beforeEach(() => (seen.length = 0));

  const sse = (res: ServerResponse, events: unknown[], done = true, delayMs = 0): void => {
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    let i = 0;
    const next = (): void => {
      if (i < events.length) {
        res.write(`data: ${JSON.stringify(events[i++])}\n\n`);
        setTimeout(next, delayMs);
      } else res.end(done ? 'data: [DONE]\n\n' : '');
    };
    next();
  };

  it('streams with include_usage: the answer, finish reason, TTFT before latency, tokens from the usage chunk', async () => {
    handler = (_req, res) =>
      sse(
        res,
        [
          { choices: [{ delta: { role: 'assistant', content: '' } }], usage: null },
          { choices: [{ delta: { content: 'Par' } }], usage: null },
          { choices: [{ delta: { content: 'is' }, finish_reason: null }], usage: null },
          { choices: [{ delta: {}, finish_reason: 'stop' }], usage: null },
          { choices: [], usage: { prompt_tokens: 12, completion_tokens: 2, total_tokens: 14 } },
        ],
        true,
        20,
      );
    const answer = await client.streamChat('mgk_key', { model: 'm', messages: [] });
    expect(answer).toMatchObject({ output: 'Paris', finishReason: 'stop', inputTokens: 12, outputTokens: 2, truncated: false });
    expect(answer.ttftMs).toBeGreaterThan(0);
    expect(answer.latencyMs).toBeGreaterThan(answer.ttftMs! + 30);
    expect(seen[0]).toMatchObject({ path: '/v1/chat/completions', auth: 'Bearer mgk_key', body: { model: 'm', stream: true, stream_options: { include_usage: true } } });
  });

  it("streams a deployment in orq.ai's shape: text from message.content, tokens and the gateway's cost from the final event", async () => {
    const event = (content: string, isFinal: boolean, extra: Record<string, unknown> = {}) => ({ object: 'chat', is_final: isFinal, choices: [{ index: 0, finish_reason: isFinal ? 'stop' : null, message: { type: 'content', role: 'assistant', content } }], ...extra });
    handler = (_req, res) => sse(res, [event('Par', false), event('is', false), event('', true, { usage: { prompt_tokens: 12, completion_tokens: 2, total_tokens: 14, cost_usd: 0.000044 } })]);
    const answer = await client.streamDeployment('mgk_key', { key: 'capitals', inputs: { country: 'France' }, context: {} });
    expect(answer).toMatchObject({ output: 'Paris', finishReason: 'stop', inputTokens: 12, outputTokens: 2, costUsd: 0.000044 });
    expect(seen[0]).toMatchObject({ path: '/v2/deployments/stream', body: { key: 'capitals', inputs: { country: 'France' }, stream: true, invoke_options: { include_usage: true } } });
    // A gateway that sends no price leaves the cost unknown rather than zero.
    handler = (_req, res) => sse(res, [event('Paris', false), event('', true, { usage: { prompt_tokens: 12, completion_tokens: 2, total_tokens: 14 } })]);
    expect((await client.streamDeployment('k', { key: 'capitals' })).costUsd).toBeNull();
  });

  it('cuts an answer longer than the limit and says so', async () => {
    handler = (_req, res) => sse(res, [{ choices: [{ delta: { content: 'x'.repeat(15) } }] }, { choices: [{ delta: { content: 'y'.repeat(15) }, finish_reason: 'stop' }] }]);
    const answer = await client.streamChat('k', {});
    expect(answer.output).toBe('x'.repeat(15) + 'y'.repeat(5));
    expect(answer.truncated).toBe(true);
  });

  it('refuses a stream that ends without [DONE], and one with an error event', async () => {
    handler = (_req, res) => sse(res, [{ choices: [{ delta: { content: 'Pa' } }] }], false);
    await expect(client.streamChat('k', {})).rejects.toMatchObject({ retryable: false, error: { message: expect.stringContaining('without [DONE]') } });
    handler = (_req, res) => sse(res, [{ error: { code: 'provider_error', message: 'upstream broke' } }]);
    await expect(client.streamChat('k', {})).rejects.toMatchObject({ error: { code: 'provider_error', message: 'upstream broke' } });
  });

  it('maps refusals: the model error is final, 401 refuses the key, 429 and a 503 of the platform retry with Retry-After', async () => {
    const answerWith = (status: number, body: unknown, headers: Record<string, string> = {}): Handler => (_req, res) => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(body));
    };
    handler = answerWith(502, { error: { message: 'The upstream answered 500.', type: 'api_error', code: 'provider_error' } });
    await expect(client.streamChat('k', {})).rejects.toMatchObject({ status: 502, retryable: false, credentialRefused: false, error: { code: 'provider_error' } });
    handler = answerWith(401, { error: { message: 'Invalid API key', code: 'invalid_api_key' } });
    await expect(client.streamChat('k', {})).rejects.toMatchObject({ status: 401, credentialRefused: true });
    handler = answerWith(429, { error: { message: 'slow down', code: 'rate_limited' } }, { 'retry-after': '3' });
    await expect(client.chat('k', {})).rejects.toMatchObject({ status: 429, retryable: true, retryAfterMs: 3_000 });
    handler = answerWith(503, { error: { message: 'registry away', code: 'service_unavailable' } });
    await expect(client.embed('k', 'e', ['a'])).rejects.toMatchObject({ status: 503, retryable: true });
  });

  it('reads a judge answer and embeddings in input order', async () => {
    handler = (_req, res, body) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      if (body['input']) res.end(JSON.stringify({ data: [{ index: 1, embedding: [0, 1] }, { index: 0, embedding: [1, 0] }] }));
      else res.end(JSON.stringify({ choices: [{ message: { content: '{"score":4,"reason":"ok"}' } }] }));
    };
    await expect(client.chat('k', { model: 'j' })).resolves.toBe('{"score":4,"reason":"ok"}');
    await expect(client.embed('k', 'e', ['a', 'b'])).resolves.toEqual([
      [1, 0],
      [0, 1],
    ]);
  });

  it('says the gateway is unreachable, worth retrying', async () => {
    const down = new GatewayClient({ GATEWAY_URL: 'http://127.0.0.1:9', EXPERIMENT_CALL_TIMEOUT_MS: 1_000, EXPERIMENT_MAX_OUTPUT_CHARS: 10 } as ExperimentWorkerConfig);
    const error = await down.streamChat('k', {}).catch((e: unknown) => e);
    await down.onApplicationShutdown();
    expect(error).toBeInstanceOf(GatewayCallError);
    expect(error).toMatchObject({ retryable: true, error: { code: 'service_unavailable' } });
  });
});
