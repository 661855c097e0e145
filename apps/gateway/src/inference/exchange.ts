import { type ServerResponse } from 'node:http';
import { type WorkspaceKey } from '../auth/api-key-authenticator.service';
import { type ServingModel } from '../catalogue/serving-model';
import { type Drainable } from '../lifecycle/in-flight-requests.service';
import { type EndpointSpec } from './endpoints.constant';

/** Why an upstream call was aborted by the gateway itself. */
export type AbortKind = 'client' | 'timeout' | 'shutdown';

export class GatewayAbort extends Error {
  constructor(readonly kind: AbortKind) {
    super(kind === 'client' ? 'the client went away' : kind === 'timeout' ? 'the call deadline passed' : 'the gateway is shutting down');
    this.name = 'GatewayAbort';
  }
}

const CLIENT_GONE = new GatewayAbort('client');
const SHUTDOWN = new GatewayAbort('shutdown');

/** What a request consumed, for its usage event. */
export interface Consumption {
  inputTokens?: number;
  outputTokens?: number;
  images: number;
  estimated: boolean;
  /** Output characters counted by the gateway, when the upstream sent no usage. */
  outputChars?: number;
  /** Stream events seen, a last-resort estimate of output tokens. */
  streamEvents?: number;
}

/**
 * The state of one inference request across its attempts: who asked, which model is
 * being tried, the abort of the current upstream call (client disconnect, deadline,
 * shutdown), whether bytes have gone to the client, and what it consumed.
 */
export class Exchange implements Drainable {
  readonly started = performance.now();
  key: WorkspaceKey | undefined;
  model: ServingModel | undefined;
  status = 0;
  errorCode: string | undefined;
  streamed = false;
  /** Headers (or bytes) have gone to the client: no retry, no fallback, no error status any more. */
  committed = false;
  clientGone = false;
  shuttingDown = false;
  attempts = 0;
  fallbacksUsed = 0;
  upstreamMs = 0;
  consumption: Consumption = { images: 0, estimated: false };
  private controller: AbortController | undefined;
  private wake: (() => void) | undefined;

  constructor(
    readonly spec: EndpointSpec,
    readonly requestId: string,
    readonly response: ServerResponse,
  ) {}

  /** Wired to the response's `close`: before the response finished, that is the client going away. */
  readonly onClose = (): void => {
    if (this.response.writableFinished) return;
    this.clientGone = true;
    this.controller?.abort(CLIENT_GONE);
    this.wake?.();
  };

  stopForShutdown(): void {
    this.shuttingDown = true;
    this.controller?.abort(SHUTDOWN);
    this.wake?.();
  }

  get stopped(): boolean {
    return this.clientGone || this.shuttingDown;
  }

  /** A fresh abort controller for the next upstream call, aborted at `timeoutMs` (cleared by `endCall`). */
  beginCall(timeoutMs: number): { signal: AbortSignal; timer: NodeJS.Timeout } {
    const controller = new AbortController();
    this.controller = controller;
    const timer = setTimeout(() => controller.abort(new GatewayAbort('timeout')), timeoutMs);
    return { signal: controller.signal, timer };
  }

  /** Sleeps before a retry; wakes early when the client goes away or the gateway shuts down. */
  sleep(ms: number): Promise<void> {
    if (this.stopped || ms <= 0) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.wake = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wake = done;
    });
  }

  elapsedMs(): number {
    return performance.now() - this.started;
  }
}

/** The abort kind behind an error thrown by an aborted call, if the gateway aborted it. */
export function abortKindOf(signal: AbortSignal): AbortKind | undefined {
  return signal.aborted && signal.reason instanceof GatewayAbort ? signal.reason.kind : undefined;
}
