import type { IncomingMessage, ServerResponse } from 'node:http';

/** Damage done to a successful response: a body that is not JSON, or a connection cut mid-way. */
export type ResponseFault = { kind: 'malformed' } | { kind: 'cut'; afterEvents: number };

/** Scenario settings applied to a successful JSON answer. */
export interface AnswerShape {
  paddingBytes?: number;
  promptTokens?: number;
  contentType?: string;
}

/** Notified once per request when its response is over, however it ended. */
export interface ExchangeObserver {
  onExchangeClosed(exchange: Exchange): void;
}

/**
 * One request/response pair and what happened to it: whether the client went away
 * before the response finished (`aborted`), and timers and waits that stop as soon as
 * it does. Kept small: one is built for every request.
 */
export class Exchange {
  /** The client closed the connection before the response finished. */
  aborted = false;
  /** This server destroyed the socket on purpose (fault injection, shutdown): not a client abort. */
  closedByServer = false;
  /** Latency added to this response; paid once, before the first byte. */
  latencyMs = 0;
  latencyPaid = false;
  /** Waiting for the client to go away (the `hang` fault). */
  hanging = false;
  /** How a successful response is to be damaged (fault injection), if at all. */
  responseFault: ResponseFault | undefined;
  /** How a successful JSON answer is altered (scenario settings), if at all. */
  answerShape: AnswerShape | undefined;
  /** Called once if the client goes away; set when the request resolves to a model. */
  onAborted: (() => void) | undefined;
  private abortListeners: Set<() => void> | undefined;

  constructor(
    readonly req: IncomingMessage,
    readonly res: ServerResponse,
    private readonly observer: ExchangeObserver,
  ) {
    res.once('close', () => this.handleClose());
  }

  /** Waits `ms` milliseconds; resolves false at once when the client goes away. */
  delay(ms: number): Promise<boolean> {
    if (this.aborted) return Promise.resolve(false);
    if (ms <= 0) return Promise.resolve(true);
    return new Promise<boolean>((resolve) => {
      const cancel = (): void => {
        clearTimeout(timer);
        resolve(false);
      };
      const timer = setTimeout(() => {
        this.abortListeners?.delete(cancel);
        resolve(true);
      }, ms);
      this.onAbort(cancel);
    });
  }

  /** Pays the response's added latency once; false when the client went away meanwhile. */
  async payLatency(): Promise<boolean> {
    if (this.latencyPaid) return !this.aborted;
    this.latencyPaid = true;
    return this.delay(this.latencyMs);
  }

  /** Resolves when the client goes away (or the server shuts the connection). */
  untilClosed(): Promise<void> {
    if (this.aborted || this.res.destroyed) return Promise.resolve();
    return new Promise<void>((resolve) => this.onAbort(resolve));
  }

  /** Resolves true once the socket accepts more data, false when the client went away. */
  drained(): Promise<boolean> {
    if (this.aborted) return Promise.resolve(false);
    return new Promise<boolean>((resolve) => {
      const onDrain = (): void => {
        this.abortListeners?.delete(onGone);
        resolve(true);
      };
      const onGone = (): void => {
        this.res.off('drain', onDrain);
        resolve(false);
      };
      this.res.once('drain', onDrain);
      this.onAbort(onGone);
    });
  }

  /** Destroys the connection at once (shutdown, a response that cannot be finished). */
  destroyByServer(): void {
    this.closedByServer = true;
    this.req.socket.destroy();
    this.res.destroy();
  }

  /** Resets the connection (TCP RST): the client sees ECONNRESET. */
  resetByServer(): void {
    this.closedByServer = true;
    this.req.socket.resetAndDestroy();
  }

  /** Closes the connection after what was written so far is sent: a response cut mid-way. */
  cutByServer(): void {
    this.closedByServer = true;
    const socket = this.req.socket;
    // Node 24 coalesces a response's writes until the end of the tick: ending the socket at
    // once would drop them. On the next turn of the event loop they are on the socket.
    setImmediate(() => socket.end());
    // A client that keeps its half of the connection open is cut off for good.
    setTimeout(() => socket.destroy(), 1000).unref();
  }

  private onAbort(listener: () => void): void {
    (this.abortListeners ??= new Set()).add(listener);
  }

  private handleClose(): void {
    if (!this.res.writableFinished) {
      this.aborted = !this.closedByServer;
      if (this.aborted) this.onAborted?.();
      const listeners = this.abortListeners;
      this.abortListeners = undefined;
      listeners?.forEach((listener) => listener());
    }
    this.observer.onExchangeClosed(this);
  }
}
