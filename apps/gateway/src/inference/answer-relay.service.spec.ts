import { createLogger } from '@model-garden/platform';
import { ResponseDouble, upstreamAnswer } from '../../test/inference.double';
import { servingModel } from '../../test/resolved-model.fixture';
import { GatewayConfig } from '../config/gateway.config';
import { buildUpstreamRequest } from '../upstream/upstream-request.util';
import { AnswerRelay, streamCutReason } from './answer-relay.service';
import { CHAT_COMPLETIONS } from './endpoints.constant';
import { type AnswerShaper, CallSignal, Exchange, GatewayAbort } from './exchange';
import { SseLimitExceeded } from './sse-relay';

const logger = createLogger({ service: 'test', level: 'silent' });
const model = servingModel({ maxTokens: 100 });
const chat = { model: 'chat', messages: [{ role: 'user', content: 'hi' }], max_tokens: 500 };

function setup(overrides: Partial<GatewayConfig> = {}): { relay: AnswerRelay; res: ResponseDouble; exchange: Exchange } {
  const res = new ResponseDouble();
  const relay = new AnswerRelay(Object.assign(new GatewayConfig(), overrides), logger);
  return { relay, res, exchange: new Exchange(CHAT_COMPLETIONS, 'req-1', res.asResponse()) };
}

describe('AnswerRelay.json', () => {
  it('sends the upstream bytes as JSON with the model and token limit headers, and reads the usage', () => {
    const { relay, res, exchange } = setup();
    const upstream = buildUpstreamRequest(CHAT_COMPLETIONS, model, { ...chat });
    const text = '{"choices":[{"message":{"content":"hi"}}],"usage":{"prompt_tokens":4,"completion_tokens":1,"total_tokens":5}}';
    expect(relay.json(exchange, res.asResponse(), 'chat', model, upstream, Buffer.from(text), 'text/plain')).toBeUndefined();
    expect(res.text).toBe(text);
    expect(res.headers).toMatchObject({ 'content-type': 'application/json', 'x-model-garden-model': model.ref, 'x-model-garden-max-tokens': '100', 'x-model-garden-max-tokens-requested': '500', 'x-request-id': 'req-1' });
    expect(exchange).toMatchObject({ status: 200, committed: true, consumption: { inputTokens: 4, outputTokens: 1, estimated: false } });
  });

  it('assembles an SSE answer to a request that did not stream, and refuses what is not a JSON object', () => {
    const { relay, res, exchange } = setup();
    const upstream = buildUpstreamRequest(CHAT_COMPLETIONS, model, { ...chat });
    const sse = 'data: {"id":"c","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"content":"hi"}}]}\n\ndata: [DONE]\n\n';
    expect(relay.json(exchange, res.asResponse(), 'chat', model, upstream, Buffer.from(sse), 'text/event-stream')).toBeUndefined();
    expect(res.json()).toMatchObject({ choices: [{ message: { content: 'hi' } }] });

    const other = setup();
    const unusable = other.relay.json(other.exchange, other.res.asResponse(), 'chat', model, upstream, Buffer.from('[1,2]'), 'application/json');
    expect(unusable?.error).toMatchObject({ status: 502, code: 'provider_bad_response' });
    expect(other.res.headersSent).toBe(false);
    expect(other.exchange.committed).toBe(false);
  });

  it("lets a deployment's shaper reshape the answer and add its headers", () => {
    const { relay, res, exchange } = setup();
    exchange.shaper = { headers: { 'x-deployment': 'd' }, json: () => ({ reshaped: true }), events: () => undefined, finish: () => '' } as AnswerShaper;
    relay.json(exchange, res.asResponse(), 'chat', model, buildUpstreamRequest(CHAT_COMPLETIONS, model, { ...chat }), Buffer.from('{"choices":[]}'), 'application/json');
    expect(res.json()).toEqual({ reshaped: true });
    expect(res.headers['x-deployment']).toBe('d');
  });
});

describe('AnswerRelay.stream', () => {
  const streamed = { ...chat, stream: true };

  it('ends a stream that breaks its limits with an error event, and records what passed', async () => {
    const { relay, res, exchange } = setup({ GATEWAY_MAX_STREAM_BYTES: 60 });
    const upstream = buildUpstreamRequest(CHAT_COMPLETIONS, model, { ...streamed });
    const events = ['data: {"choices":[{"delta":{"content":"he"}}]}\n\n', 'data: {"choices":[{"delta":{"content":"llo, a long answer"}}]}\n\n'];
    await relay.stream(exchange, res.asResponse(), model, upstream, upstreamAnswer(200, events, { 'content-type': 'text/event-stream' }), new CallSignal());
    expect(res.text).toContain('"content":"he"');
    expect(res.text).toContain('"code":"stream_limit_exceeded"');
    expect(exchange).toMatchObject({ status: 502, errorCode: 'stream_limit_exceeded', streamed: true, committed: true });
    expect(exchange.consumption).toMatchObject({ estimated: true, streamEvents: 1 });
  });
});

describe('AnswerRelay: the usage is settled before the last write', () => {
  /** What the exchange's settler saw: the answer not finished yet, and the exchange's final status and consumption. */
  function watch(exchange: Exchange, res: ResponseDouble): Array<{ finished: boolean; status: number; consumption: Exchange['consumption'] }> {
    const seen: Array<{ finished: boolean; status: number; consumption: Exchange['consumption'] }> = [];
    exchange.settler = (settled) => {
      settled.settled = true;
      seen.push({ finished: res.writableFinished, status: settled.status, consumption: { ...settled.consumption } });
    };
    return seen;
  }

  it('for a JSON answer, with its usage read', () => {
    const { relay, res, exchange } = setup();
    const seen = watch(exchange, res);
    const text = '{"choices":[],"usage":{"prompt_tokens":4,"completion_tokens":1,"total_tokens":5}}';
    relay.json(exchange, res.asResponse(), 'chat', model, buildUpstreamRequest(CHAT_COMPLETIONS, model, { ...chat }), Buffer.from(text), 'application/json');
    expect(seen).toEqual([{ finished: false, status: 200, consumption: expect.objectContaining({ inputTokens: 4, outputTokens: 1 }) as unknown }]);
    expect(res.writableFinished).toBe(true);
  });

  it('for a stream, before its [DONE] event goes out, with what passed', async () => {
    const { relay, res, exchange } = setup();
    const seen = watch(exchange, res);
    exchange.settler = (settled) => {
      settled.settled = true;
      seen.push({ finished: res.text.includes('[DONE]'), status: settled.status, consumption: { ...settled.consumption } });
    };
    const upstream = buildUpstreamRequest(CHAT_COMPLETIONS, model, { ...chat, stream: true });
    const events = ['data: {"choices":[{"delta":{"content":"hi"}}]}\n\n', 'data: {"choices":[],"usage":{"prompt_tokens":3,"completion_tokens":2,"total_tokens":5}}\n\n', 'data: [DONE]\r\n\r\n'];
    await relay.stream(exchange, res.asResponse(), model, upstream, upstreamAnswer(200, events, { 'content-type': 'text/event-stream' }), new CallSignal());
    expect(seen).toEqual([{ finished: false, status: 200, consumption: expect.objectContaining({ inputTokens: 3, outputTokens: 2, streamEvents: 3 }) as unknown }]);
    expect(res.text).toContain('[DONE]');
    expect(res.writableFinished).toBe(true);
  });

  it('for a stream without [DONE], before its end', async () => {
    const { relay, res, exchange } = setup();
    const seen = watch(exchange, res);
    const upstream = buildUpstreamRequest(CHAT_COMPLETIONS, model, { ...chat, stream: true });
    await relay.stream(exchange, res.asResponse(), model, upstream, upstreamAnswer(200, ['data: {"choices":[{"delta":{"content":"hi"}}]}\n\n'], { 'content-type': 'text/event-stream' }), new CallSignal());
    expect(seen).toEqual([{ finished: false, status: 200, consumption: expect.objectContaining({ streamEvents: 1 }) as unknown }]);
    expect(res.writableFinished).toBe(true);
  });
});

describe('streamCutReason', () => {
  it('says why a started stream was cut', () => {
    expect(streamCutReason('shutdown', new GatewayAbort('shutdown'), 1_000)).toMatchObject({ status: 503, code: 'shutting_down' });
    expect(streamCutReason('stream_limit', new GatewayAbort('stream_limit'), 1_000).message).toContain('1000 ms');
    expect(streamCutReason(undefined, new SseLimitExceeded('an event is larger than 10 bytes'), 1_000)).toMatchObject({ status: 502, code: 'stream_limit_exceeded' });
    expect(streamCutReason(undefined, new Error('socket hang up'), 1_000)).toMatchObject({ status: 502, code: 'provider_error' });
  });
});
