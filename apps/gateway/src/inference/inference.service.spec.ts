import { createLogger, MetricsService } from '@model-garden/platform';
import { ResponseDouble } from '../../test/inference.double';
import { servingModel } from '../../test/resolved-model.fixture';
import { type WorkspaceKey } from '../auth/api-key-authenticator.service';
import { type ModelResolver } from '../catalogue/model-resolver.service';
import { type ServingModel } from '../catalogue/serving-model';
import { GatewayConfig } from '../config/gateway.config';
import { type InboundRequest } from '../http/http-io.util';
import { InFlightRequests } from '../lifecycle/in-flight-requests.service';
import { GatewayMetrics } from '../metrics/gateway.metrics';
import { GatewayError } from '../shared/gateway.exception';
import { type ServeRequest, type UpstreamAttempts } from '../upstream/upstream-attempts.service';
import { type UsageAccountant } from '../usage/usage-accountant.service';
import { CHAT_COMPLETIONS, EMBEDDINGS } from './endpoints.constant';
import { type Exchange } from './exchange';
import { InferenceService } from './inference.service';

const logger = createLogger({ service: 'test', level: 'silent' });
const key = { workspaceId: 'ws-1', apiKeyId: 'key-1' } as WorkspaceKey;
const chatModel = servingModel();
const catalogue: Record<string, ServingModel> = { chat: chatModel, failed: servingModel({ status: 'failed' }) };

interface Setup {
  inference: InferenceService;
  served: Array<{ exchange: Exchange; request: ServeRequest }>;
  accounted: Exchange[];
  inFlight: InFlightRequests;
}

/** The orchestrator with its steps replaced: `serve` answers 200 (or runs `onServe`), accounting is recorded. */
function setup(onServe?: (exchange: Exchange, res: ResponseDouble) => Promise<void>): Setup {
  const config = new GatewayConfig();
  const served: Setup['served'] = [];
  const accounted: Exchange[] = [];
  const models = { resolve: async (_workspace: string, name: string) => catalogue[name] ?? null } as unknown as ModelResolver;
  const attempts = {
    serve: async (exchange: Exchange, res: ResponseDouble, request: ServeRequest) => {
      served.push({ exchange, request });
      if (onServe) return onServe(exchange, res);
      exchange.status = 200;
      exchange.committed = true;
      res.writeHead(200).end('{}');
    },
  } as unknown as UpstreamAttempts;
  const accountant = { account: (exchange: Exchange) => accounted.push(exchange) } as unknown as UsageAccountant;
  const inFlight = new InFlightRequests(config, logger);
  const inference = new InferenceService(config, models, attempts, accountant, new GatewayMetrics(new MetricsService()), inFlight, logger);
  return { inference, served, accounted, inFlight };
}

const inbound = (body: unknown): InboundRequest => ({ id: 'req-1', method: 'POST', path: '/v1/chat/completions', headers: {}, body, clientRequestId: false });
const chat = (extra: Record<string, unknown> = {}): Record<string, unknown> => ({ model: 'chat', messages: [{ role: 'user', content: 'hi' }], ...extra });

describe('InferenceService', () => {
  it('plans, resolves and serves a /v1 request, then accounts for it', async () => {
    const { inference, served, accounted, inFlight } = setup();
    const res = new ResponseDouble();
    await inference.handle(CHAT_COMPLETIONS, inbound(chat({ retry: { count: 1 }, fallbacks: [{ model: 'other' }] })), res.asResponse(), key);
    expect(res.statusCode).toBe(200);
    expect(served).toHaveLength(1);
    expect(served[0].request).toMatchObject({ requested: 'chat', primary: chatModel, options: { retryCount: 1, fallbacks: ['other'] } });
    // The gateway's own options never reach the upstream body.
    expect(served[0].request.body).not.toHaveProperty('retry');
    expect(accounted).toHaveLength(1);
    expect(accounted[0]).toMatchObject({ status: 200, model: chatModel, key });
    expect(inFlight.size).toBe(0);
  });

  it('answers the request rules and an unknown model in OpenAI’s shape, and accounts for them', async () => {
    const { inference, served, accounted } = setup();
    const missing = new ResponseDouble();
    await inference.handle(CHAT_COMPLETIONS, inbound({ model: 'chat' }), missing.asResponse(), key);
    expect(missing.statusCode).toBe(400);
    expect(missing.json()).toMatchObject({ error: { param: 'messages', code: 'validation_failed' } });
    const unknown = new ResponseDouble();
    await inference.handle(CHAT_COMPLETIONS, inbound(chat({ model: 'nope' })), unknown.asResponse(), key);
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toMatchObject({ error: { code: 'model_not_found', param: 'model' } });
    const wrongType = new ResponseDouble();
    await inference.handle(EMBEDDINGS, inbound({ model: 'chat', input: 'x' }), wrongType.asResponse(), key);
    expect(wrongType.statusCode).toBe(400);
    expect(served).toHaveLength(0);
    expect(accounted.map((exchange) => exchange.status)).toEqual([400, 404, 400]);
  });

  it('lets a deployment plan fall back from a model that cannot serve, and name the model its own way', async () => {
    const { inference, served } = setup();
    const res = new ResponseDouble();
    const options = { retryCount: 0, retryOn: new Set([503]), fallbacks: ['chat'], callTimeoutMs: 1_000 };
    await inference.run(CHAT_COMPLETIONS, inbound({}), res.asResponse(), key, async () => ({ body: chat(), requested: 'failed', label: 'demo@x/failed', options, fallBackFromUnservable: true }));
    expect(served[0].request.requested).toBe('demo@x/failed');
    expect(served[0].request.primaryCannotServe).toMatchObject({ status: 422, code: 'model_failed' });

    const strict = new ResponseDouble();
    await inference.run(CHAT_COMPLETIONS, inbound({}), strict.asResponse(), key, async () => ({ body: chat(), requested: 'failed', options: { ...options, fallbacks: [] }, fallBackFromUnservable: true }));
    expect(strict.statusCode).toBe(422);
  });

  it('answers the error the attempts threw, an unexpected one as a 500 without its details', async () => {
    const provider = setup(async () => {
      throw new GatewayError(429, 'slow down', 'rate_limit_error', null);
    });
    const limited = new ResponseDouble();
    await provider.inference.handle(CHAT_COMPLETIONS, inbound(chat()), limited.asResponse(), key);
    expect(limited.statusCode).toBe(429);

    const bug = setup(async () => {
      throw new TypeError('secret internals');
    });
    const broken = new ResponseDouble();
    await bug.inference.handle(CHAT_COMPLETIONS, inbound(chat()), broken.asResponse(), key);
    expect(broken.statusCode).toBe(500);
    expect(broken.text).not.toContain('secret internals');
    expect(bug.accounted[0]).toMatchObject({ status: 500, errorCode: 'internal_error' });
  });

  it('answers nothing to a client that went away, and records 499', async () => {
    const { inference, accounted } = setup(async (_exchange, res) => {
      res.hangUp();
      throw GatewayError.shuttingDown();
    });
    const res = new ResponseDouble();
    await inference.handle(CHAT_COMPLETIONS, inbound(chat()), res.asResponse(), key);
    expect(res.headersSent).toBe(false);
    expect(accounted[0].status).toBe(499);
  });

  it('refuses new requests with 503 while draining, and answers admission refusals with the connection closed', async () => {
    const { inference, served, inFlight, accounted } = setup();
    await inFlight.drain(0);
    const draining = new ResponseDouble();
    await inference.handle(CHAT_COMPLETIONS, inbound(chat()), draining.asResponse(), key);
    expect(draining.statusCode).toBe(503);
    expect(draining.json()).toMatchObject({ error: { code: 'shutting_down' } });
    expect(served).toHaveLength(0);

    const refused = new ResponseDouble();
    inference.refuse(CHAT_COMPLETIONS, inbound(undefined), refused.asResponse(), new GatewayError(401, 'bad key', 'authentication_error', 'invalid_api_key'));
    expect(refused.statusCode).toBe(401);
    expect(refused.headers['connection']).toBe('close');
    expect(accounted.at(-1)).toMatchObject({ status: 401, errorCode: 'invalid_api_key' });
  });
});
