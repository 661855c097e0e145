import type { Exchange } from './exchange';

const ENDLESS_BLOCK = Buffer.alloc(65_536, 'x');

/**
 * A hostile upstream: a 200 event stream that opens one `data:` line and then sends
 * bytes without ever ending the event, as fast as the client reads, until it goes away.
 */
export async function streamEndlessly(exchange: Exchange): Promise<void> {
  const res = exchange.res;
  res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' });
  res.write('data: {"choices":[{"delta":{"content":"');
  while (!exchange.aborted && !res.destroyed) {
    if (!res.write(ENDLESS_BLOCK) && !(await exchange.drained())) return;
    // Let other requests run between blocks.
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}

const MALFORMED_EVENT = 'data: {"object":"chat.completion.chunk","choices":[{"delta":\n\n';

/**
 * Server-sent events written as they are produced: headers are flushed at once and
 * every event is one `res.write`, so nothing waits in a buffer. Applies the exchange's
 * stream faults (`cut`: destroy the connection after N events; `malformed`: the second
 * event is not JSON).
 */
export class SseWriter {
  private events = 0;

  constructor(private readonly exchange: Exchange) {}

  open(): void {
    const res = this.exchange.res;
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache',
      'x-accel-buffering': 'no',
    });
    res.flushHeaders();
  }

  /** Writes one `data:` event; false when the stream is over (client gone, or cut on purpose). */
  send(payload: unknown): boolean | Promise<boolean> {
    const exchange = this.exchange;
    if (exchange.aborted || exchange.res.destroyed) return false;
    const fault = exchange.responseFault;
    if (fault !== undefined) {
      if (fault.kind === 'cut' && this.events >= fault.afterEvents) {
        exchange.cutByServer();
        return false;
      }
      if (fault.kind === 'malformed' && this.events === 1) {
        this.events++;
        exchange.res.write(MALFORMED_EVENT);
      }
    }
    this.events++;
    const flowing = exchange.res.write(`data: ${JSON.stringify(payload)}\n\n`);
    return flowing ? true : exchange.drained();
  }

  /** Ends the stream with OpenAI's terminator. */
  done(): void {
    const exchange = this.exchange;
    if (exchange.aborted || exchange.res.destroyed) return;
    const fault = exchange.responseFault;
    if (fault?.kind === 'cut' && this.events >= fault.afterEvents) {
      exchange.cutByServer();
      return;
    }
    exchange.res.end('data: [DONE]\n\n');
  }
}
