import { ResponseDouble } from '../../test/inference.double';
import { CHAT_COMPLETIONS } from './endpoints.constant';
import { abortKindOf, CallSignal, Exchange, GatewayAbort } from './exchange';

describe('CallSignal', () => {
  it('calls its listeners once on abort, with the reason set, and never again', () => {
    const signal = new CallSignal();
    const calls: string[] = [];
    const removed = (): number => calls.push('removed');
    signal.addEventListener('abort', () => calls.push(`first ${signal.reason?.kind}`));
    signal.addEventListener('abort', removed);
    signal.addEventListener('abort', () => calls.push('second'));
    signal.removeEventListener('abort', removed);
    signal.abort(new GatewayAbort('client'));
    signal.abort(new GatewayAbort('timeout'));
    expect(calls).toEqual(['first client', 'second']);
    expect(abortKindOf(signal)).toBe('client');
    expect(abortKindOf(new CallSignal())).toBeUndefined();
  });
});

describe('Exchange', () => {
  const exchangeOf = (res = new ResponseDouble()): Exchange => new Exchange(CHAT_COMPLETIONS, 'req-1', res.asResponse());

  it('aborts the call at its deadline, and not once the call ended', async () => {
    const exchange = exchangeOf();
    const late = exchange.beginCall(5);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(abortKindOf(late)).toBe('timeout');
    const done = exchange.beginCall(5);
    exchange.endCall();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(done.aborted).toBe(false);
  });

  it('gives a stream its own longest duration in place of the call deadline', async () => {
    const exchange = exchangeOf();
    const signal = exchange.beginCall(5);
    exchange.limitStream(1_000);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(signal.aborted).toBe(false);
    exchange.limitStream(1);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(abortKindOf(signal)).toBe('stream_limit');
  });

  it('aborts the call in progress when the client goes away before the answer finished, or the gateway shuts down', () => {
    const res = new ResponseDouble();
    const exchange = exchangeOf(res);
    res.on('close', exchange.onClose);
    const signal = exchange.beginCall(1_000);
    res.hangUp();
    expect(exchange.clientGone).toBe(true);
    expect(abortKindOf(signal)).toBe('client');
    exchange.endCall();

    const finished = new ResponseDouble();
    const answered = exchangeOf(finished);
    finished.on('close', answered.onClose);
    finished.end('{}');
    expect(answered.clientGone).toBe(false);

    const draining = exchangeOf();
    const call = draining.beginCall(1_000);
    draining.stopForShutdown();
    expect([draining.stopped, abortKindOf(call)]).toEqual([true, 'shutdown']);
    draining.endCall();
  });
});
