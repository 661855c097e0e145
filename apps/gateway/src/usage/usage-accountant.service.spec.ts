import { type UsageRecordedData } from '@model-garden/contracts';
import { createLogger, MetricsService } from '@model-garden/platform';
import { ResponseDouble } from '../../test/inference.double';
import { servingModel } from '../../test/resolved-model.fixture';
import { type BudgetGuard } from '../budgets/budget-guard.service';
import { type ResponseCache } from '../cache/response-cache.service';
import { GatewayConfig } from '../config/gateway.config';
import { type InboundRequest } from '../http/http-io.util';
import { CHAT_COMPLETIONS } from '../inference/endpoints.constant';
import { Exchange } from '../inference/exchange';
import { GatewayMetrics } from '../metrics/gateway.metrics';
import { UsageAccountant } from './usage-accountant.service';
import { type UsageRecorder } from './usage-recorder.service';

const model = servingModel({ pricing: { inputPerMillionTokens: 1_000_000, outputPerMillionTokens: 2_000_000 } });
const request = (clientRequestId = false): InboundRequest => ({ id: 'req-1', method: 'POST', path: '/v1/chat/completions', headers: {}, body: undefined, clientRequestId });
const body = { model: 'chat', messages: [{ role: 'user', content: 'a'.repeat(40) }] };

function setup(): { accountant: UsageAccountant; events: UsageRecordedData[]; metrics: GatewayMetrics; lines: string[] } {
  const events: UsageRecordedData[] = [];
  const lines: string[] = [];
  const logger = createLogger({ service: 'test', level: 'info', destination: { write: (line: string) => lines.push(line) } });
  const metrics = new GatewayMetrics(new MetricsService());
  const config = Object.assign(new GatewayConfig(), { GATEWAY_ACCESS_LOG: 'errors', GATEWAY_MAX_USAGE_TOKENS: 1_000 });
  const usage = { record: (event: UsageRecordedData) => events.push(event) } as unknown as UsageRecorder;
  const budgets = { settle: () => undefined } as unknown as BudgetGuard;
  const cache = { store: () => undefined } as unknown as ResponseCache;
  return { accountant: new UsageAccountant(config, usage, metrics, budgets, cache, logger), events, metrics, lines };
}

function served(consumption: Exchange['consumption']): Exchange {
  const exchange = new Exchange(CHAT_COMPLETIONS, 'req-1', new ResponseDouble().asResponse());
  exchange.key = { workspaceId: 'ws-1', apiKeyId: 'key-1' } as Exchange['key'];
  exchange.model = model;
  exchange.status = 200;
  exchange.committed = true;
  exchange.consumption = consumption;
  return exchange;
}

describe('UsageAccountant', () => {
  it('records one usage event with the reported tokens and their cost, and counts the request', async () => {
    const { accountant, events, metrics } = setup();
    accountant.account(served({ images: 0, estimated: false, inputTokens: 10, outputTokens: 4 }), request(), body);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ requestId: 'req-1', workspaceId: 'ws-1', apiKeyId: 'key-1', modelId: model.id, modelRef: model.ref, status: 200, inputTokens: 10, outputTokens: 4, estimated: false, costUsd: 18 });
    expect(events[0].errorCode).toBeUndefined();
    expect((await metrics.requests.get()).values).toEqual([expect.objectContaining({ labels: { endpoint: 'chat.completions', status: '200' }, value: 1 })]);
    expect((await metrics.tokens.get()).values.map((value) => [value.labels.direction, value.value])).toEqual([['input', 10], ['output', 4]]);
  });

  it('records the usage once: before the last write when the exchange settles there, not again after the answer', async () => {
    const { accountant, events, metrics } = setup();
    const exchange = served({ images: 0, estimated: false, inputTokens: 10, outputTokens: 4 });
    exchange.settler = accountant.settle;
    exchange.body = body;
    exchange.lastWrite();
    expect(events).toHaveLength(1);
    exchange.lastWrite();
    accountant.account(exchange, request(), body);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ requestId: 'req-1', status: 200, inputTokens: 10, outputTokens: 4 });
    // The request itself is counted once, after the answer.
    expect((await metrics.requests.get()).values).toEqual([expect.objectContaining({ value: 1 })]);
  });

  it('estimates what the upstream did not report, and replaces implausible counts by the estimate', () => {
    const { accountant, events, lines } = setup();
    accountant.account(served({ images: 0, estimated: true, outputChars: 8 }), request(), body);
    expect(events[0]).toMatchObject({ estimated: true, inputTokens: 3 + 4 + 10, outputTokens: 2 });
    accountant.account(served({ images: 0, estimated: false, inputTokens: 3e9, outputTokens: 4 }), request(), body);
    expect(events[1]).toMatchObject({ estimated: true, inputTokens: 17, outputTokens: 4 });
    expect(lines.join('')).toContain('implausible token count');
  });

  it('records an unanswered failure at no cost, with its error code, and logs it', () => {
    const { accountant, events, lines } = setup();
    const exchange = served({ images: 0, estimated: false });
    exchange.committed = false;
    exchange.status = 502;
    exchange.errorCode = 'provider_unreachable';
    accountant.account(exchange, request(), body);
    expect(events[0]).toMatchObject({ status: 502, errorCode: 'provider_unreachable', inputTokens: 0, outputTokens: 0, costUsd: 0, estimated: false });
    expect(JSON.parse(lines[0])).toMatchObject({ msg: 'inference', status: 502, errorCode: 'provider_unreachable', model: model.ref });
  });

  it('settles a request that ended without a status: 499 when the client left, else 500', () => {
    const { accountant, events } = setup();
    const gone = served({ images: 0, estimated: false });
    gone.status = 0;
    gone.clientGone = true;
    accountant.account(gone, request(), body);
    const lost = served({ images: 0, estimated: false });
    lost.status = 0;
    accountant.account(lost, request(), body);
    expect(events.map((event) => [event.status, event.errorCode])).toEqual([[499, undefined], [500, 'internal_error']]);
  });

  it('gives a request id the client chose a random suffix, so a reused id is still counted', () => {
    const { accountant, events } = setup();
    accountant.account(served({ images: 0, estimated: false, inputTokens: 1, outputTokens: 1 }), request(true), body);
    accountant.account(served({ images: 0, estimated: false, inputTokens: 1, outputTokens: 1 }), request(true), body);
    expect(events[0].requestId).toMatch(/^req-1~[0-9a-f]{12}$/);
    expect(events[0].requestId).not.toBe(events[1].requestId);
  });

  it('records no usage event for a request refused before a model was resolved, but counts and logs it', async () => {
    const { accountant, events, metrics, lines } = setup();
    const refused = new Exchange(CHAT_COMPLETIONS, 'req-1', new ResponseDouble().asResponse());
    refused.status = 401;
    accountant.account(refused, request(), undefined);
    expect(events).toHaveLength(0);
    expect((await metrics.requests.get()).values[0]).toMatchObject({ labels: { status: '401' } });
    expect(lines).toHaveLength(1);
  });

  it('names the deployment a request came through', () => {
    const { accountant, events } = setup();
    const exchange = served({ images: 0, estimated: false, inputTokens: 1, outputTokens: 1 });
    exchange.deployment = { id: 'd-1', key: 'support', version: 3, variant: 'b' };
    accountant.account(exchange, request(), body);
    expect(events[0]).toMatchObject({ deploymentId: 'd-1', deploymentKey: 'support', deploymentVersion: 3, deploymentVariant: 'b' });
  });
});
