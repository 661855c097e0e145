import { createLogger, MetricsService } from '@model-garden/platform';
import { type Dispatcher } from 'undici';
import { chatCompletion, jsonAnswer, ResponseDouble, upstreamAnswer } from '../../test/inference.double';
import { servingModel } from '../../test/resolved-model.fixture';
import { type ModelResolver } from '../catalogue/model-resolver.service';
import { type ServingModel, type UpstreamTarget } from '../catalogue/serving-model';
import { GatewayConfig } from '../config/gateway.config';
import { AnswerRelay } from '../inference/answer-relay.service';
import { CHAT_COMPLETIONS } from '../inference/endpoints.constant';
import { Exchange } from '../inference/exchange';
import { type RequestOptions } from '../inference/request-options.util';
import { GatewayMetrics } from '../metrics/gateway.metrics';
import { GatewayError } from '../shared/gateway.exception';
import { UpstreamAttempts } from './upstream-attempts.service';
import { type UpstreamClient } from './upstream-client.service';

type Call = { model: string; body: Record<string, unknown>; signal: AbortSignal };
type Answer = Dispatcher.ResponseData | Error | 'hang';

/** An upstream that answers from a script, one entry per call, and records what it was sent. */
class ScriptedUpstream {
  readonly calls: Call[] = [];
  constructor(private readonly script: Answer[]) {}

  send(_target: UpstreamTarget, _method: string, _headers: Record<string, string>, payload: string, signal: AbortSignal): Promise<Dispatcher.ResponseData> {
    const body = JSON.parse(payload) as Record<string, unknown>;
    this.calls.push({ model: String(body['model']), body, signal });
    const next = this.script.shift() ?? new Error('no more answers scripted');
    if (next === 'hang') {
      return new Promise((_resolve, reject) => signal.addEventListener('abort', () => reject(signal.reason as Error)));
    }
    return next instanceof Error ? Promise.reject(next) : Promise.resolve(next);
  }
}

const logger = createLogger({ service: 'test', level: 'silent' });
const primary = servingModel({ id: 'm-primary', upstreamModelId: 'up-primary' });
const backup = servingModel({ id: 'm-backup', upstreamModelId: 'up-backup' });
const broken = servingModel({ id: 'm-broken', upstreamModelId: 'up-broken', status: 'failed' });
const catalogue: Record<string, ServingModel> = { backup, broken };

function setup(script: Answer[]): { attempts: UpstreamAttempts; upstream: ScriptedUpstream; metrics: GatewayMetrics } {
  const config = Object.assign(new GatewayConfig(), { GATEWAY_RETRY_BASE_DELAY_MS: 1, GATEWAY_RETRY_MAX_DELAY_MS: 50 });
  const upstream = new ScriptedUpstream(script);
  const models = { resolve: async (_workspace: string, name: string) => catalogue[name] ?? null } as unknown as ModelResolver;
  const metrics = new GatewayMetrics(new MetricsService());
  const attempts = new UpstreamAttempts(config, models, upstream as unknown as UpstreamClient, new AnswerRelay(config, logger), metrics, logger);
  return { attempts, upstream, metrics };
}

function exchangeFor(res: ResponseDouble): Exchange {
  const exchange = new Exchange(CHAT_COMPLETIONS, 'req-1', res.asResponse());
  exchange.key = { workspaceId: 'ws-1', apiKeyId: 'key-1' } as Exchange['key'];
  return exchange;
}

const body = { model: 'chat', messages: [{ role: 'user', content: 'hi' }] };
const options = (overrides: Partial<RequestOptions> = {}): RequestOptions => ({ retryCount: 2, retryOn: new Set([429, 502, 503, 504]), fallbacks: [], callTimeoutMs: 5_000, ...overrides });
const rateLimited = (): Dispatcher.ResponseData => jsonAnswer(429, { error: { message: 'slow down' } });

async function errorOf(work: Promise<unknown>): Promise<GatewayError> {
  try {
    await work;
  } catch (error) {
    return error as GatewayError;
  }
  throw new Error('expected an error');
}

describe('UpstreamAttempts', () => {
  it('answers from the first call in the common case: one model, one attempt', async () => {
    const { attempts, upstream } = setup([jsonAnswer(200, chatCompletion('hello'))]);
    const res = new ResponseDouble();
    const exchange = exchangeFor(res);
    await attempts.serve(exchange, res.asResponse(), { body: { ...body }, requested: 'chat', primary, options: options() });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ choices: [{ message: { content: 'hello' } }] });
    expect(res.headers['x-model-garden-model']).toBe(primary.ref);
    expect(upstream.calls.map((call) => call.model)).toEqual(['up-primary']);
    expect(exchange).toMatchObject({ attempts: 1, fallbacksUsed: 0, committed: true, status: 200, model: primary });
    expect(exchange.consumption).toMatchObject({ inputTokens: 5, outputTokens: 2, estimated: false });
  });

  it('retries a retryable status on the same model, then answers', async () => {
    const { attempts, upstream, metrics } = setup([rateLimited(), jsonAnswer(503, { error: { message: 'busy' } }), jsonAnswer(200, chatCompletion())]);
    const res = new ResponseDouble();
    const exchange = exchangeFor(res);
    await attempts.serve(exchange, res.asResponse(), { body: { ...body }, requested: 'chat', primary, options: options() });
    expect(res.statusCode).toBe(200);
    expect(upstream.calls.map((call) => call.model)).toEqual(['up-primary', 'up-primary', 'up-primary']);
    expect(exchange.attempts).toBe(3);
    expect((await metrics.retries.get()).values.map((value) => value.labels.reason).sort()).toEqual(['429', '503']);
  });

  it('falls back when the retries are spent, skipping a fallback that cannot serve', async () => {
    const { attempts, upstream } = setup([rateLimited(), rateLimited(), jsonAnswer(200, chatCompletion('from backup'))]);
    const res = new ResponseDouble();
    const exchange = exchangeFor(res);
    await attempts.serve(exchange, res.asResponse(), { body: { ...body }, requested: 'chat', primary, options: options({ retryCount: 1, fallbacks: ['unknown', 'broken', 'backup'] }) });
    expect(upstream.calls.map((call) => call.model)).toEqual(['up-primary', 'up-primary', 'up-backup']);
    expect(res.json()).toMatchObject({ choices: [{ message: { content: 'from backup' } }] });
    expect(exchange).toMatchObject({ fallbacksUsed: 1, model: backup });
  });

  it("throws the provider's own error for a status that is not retried, without trying the fallbacks", async () => {
    const { attempts, upstream } = setup([jsonAnswer(400, { error: { message: 'temperature too high', type: 'invalid_request_error', param: 'temperature', code: 'bad' } })]);
    const res = new ResponseDouble();
    const error = await errorOf(attempts.serve(exchangeFor(res), res.asResponse(), { body: { ...body }, requested: 'chat', primary, options: options({ fallbacks: ['backup'] }) }));
    expect(error).toMatchObject({ status: 400, param: 'temperature', message: 'temperature too high' });
    expect(upstream.calls).toHaveLength(1);
    expect(res.headersSent).toBe(false);
  });

  it('answers the last failure when every model failed', async () => {
    const { attempts } = setup([rateLimited(), jsonAnswer(502, { error: { message: 'bad gateway' } })]);
    const res = new ResponseDouble();
    const error = await errorOf(attempts.serve(exchangeFor(res), res.asResponse(), { body: { ...body }, requested: 'chat', primary, options: options({ retryCount: 0, fallbacks: ['backup'] }) }));
    expect(error.status).toBe(502);
  });

  it('times a call out at its deadline (504) and falls back on a timeout', async () => {
    const timedOut = setup(['hang']);
    const res = new ResponseDouble();
    const error = await errorOf(timedOut.attempts.serve(exchangeFor(res), res.asResponse(), { body: { ...body }, requested: 'chat', primary, options: options({ callTimeoutMs: 20 }) }));
    expect(error).toMatchObject({ status: 504, code: 'provider_timeout' });

    const recovered = setup(['hang', jsonAnswer(200, chatCompletion('after timeout'))]);
    const second = new ResponseDouble();
    await recovered.attempts.serve(exchangeFor(second), second.asResponse(), { body: { ...body }, requested: 'chat', primary, options: options({ callTimeoutMs: 20, fallbacks: ['backup'] }) });
    expect(recovered.upstream.calls.map((call) => call.model)).toEqual(['up-primary', 'up-backup']);
    expect(second.json()).toMatchObject({ choices: [{ message: { content: 'after timeout' } }] });
  });

  it('stops without an answer when the client goes away during the call, aborting it', async () => {
    const { attempts, upstream } = setup(['hang']);
    const res = new ResponseDouble();
    const exchange = exchangeFor(res);
    res.once('close', exchange.onClose);
    const serving = attempts.serve(exchange, res.asResponse(), { body: { ...body }, requested: 'chat', primary, options: options({ fallbacks: ['backup'] }) });
    await new Promise((resolve) => setImmediate(resolve));
    res.hangUp();
    await serving;
    expect(exchange.clientGone).toBe(true);
    expect(upstream.calls).toHaveLength(1);
    expect(upstream.calls[0].signal.aborted).toBe(true);
    expect(res.headersSent).toBe(false);
  });

  it('goes straight to the fallbacks when the primary cannot serve (a deployment variant)', async () => {
    const { attempts, upstream } = setup([jsonAnswer(200, chatCompletion())]);
    const res = new ResponseDouble();
    const cannot = new GatewayError(422, 'failed', 'invalid_request_error', 'model_failed', 'model');
    await attempts.serve(exchangeFor(res), res.asResponse(), { body: { ...body }, requested: 'chat', primary: broken, options: options({ fallbacks: ['backup'] }), primaryCannotServe: cannot });
    expect(upstream.calls.map((call) => call.model)).toEqual(['up-backup']);
  });

  it('passes a stream through as it comes and reads its usage', async () => {
    const events = ['data: {"choices":[{"delta":{"content":"he"}}]}\n\n', 'data: {"choices":[{"delta":{"content":"llo"}}]}\n\ndata: {"choices":[],"usage":{"prompt_tokens":3,"completion_tokens":2,"total_tokens":5}}\n\n', 'data: [DONE]\n\n'];
    const { attempts } = setup([upstreamAnswer(200, events, { 'content-type': 'text/event-stream' })]);
    const res = new ResponseDouble();
    const exchange = exchangeFor(res);
    await attempts.serve(exchange, res.asResponse(), { body: { ...body, stream: true }, requested: 'chat', primary, options: options() });
    expect(res.headers['content-type']).toBe('text/event-stream; charset=utf-8');
    expect(res.text).toContain('"content":"llo"');
    // The usage chunk was asked for by the gateway, not the client: it is not passed on.
    expect(res.text).not.toContain('prompt_tokens');
    expect(res.text.endsWith('data: [DONE]\n\n')).toBe(true);
    expect(exchange).toMatchObject({ streamed: true, status: 200 });
    expect(exchange.consumption).toMatchObject({ inputTokens: 3, outputTokens: 2, estimated: false });
  });
});
