import { type OutgoingHttpHeaders, type ServerResponse } from 'node:http';
import { type WorkspaceKey } from '../auth/api-key-authenticator.service';
import { type BudgetReservation } from '../budgets/budget-guard.service';
import { type CachedCall } from '../cache/cached-call';
import { type ServingModel } from '../catalogue/serving-model';
import { type Drainable } from '../lifecycle/in-flight-requests.service';
import { type Consumption } from '../usage/usage-meter.util';
import { type EndpointSpec } from './endpoints.constant';
import { type InferenceTrace } from './inference-trace';

/** Why an upstream call was aborted by the gateway itself. */
export type AbortKind = 'client' | 'timeout' | 'shutdown' | 'stream_limit';

const ABORT_MESSAGES: Record<AbortKind, string> = {
  client: 'the client went away',
  timeout: 'the call deadline passed',
  shutdown: 'the gateway is shutting down',
  stream_limit: 'the stream reached its longest duration',
};

export class GatewayAbort extends Error {
  constructor(readonly kind: AbortKind) {
    super(ABORT_MESSAGES[kind]);
    this.name = 'GatewayAbort';
  }
}

const CLIENT_GONE = new GatewayAbort('client');
const SHUTDOWN = new GatewayAbort('shutdown');
const STREAM_LIMIT = new GatewayAbort('stream_limit');

/**
 * The abort of one upstream call, in the shape undici takes as `signal` (and the relay
 * waits on): `aborted`, `reason`, `addEventListener`/`removeEventListener` for 'abort'.
 * One per call at the cost of a small object, where an AbortController builds an
 * EventTarget with its internal state for every call; only the gateway aborts it.
 */
export class CallSignal {
  aborted = false;
  reason: GatewayAbort | undefined;
  private listeners: Array<() => void> | undefined;

  addEventListener(_type: 'abort', listener: () => void, _options?: unknown): void {
    if (this.listeners === undefined) this.listeners = [listener];
    else this.listeners.push(listener);
  }

  removeEventListener(_type: 'abort', listener: () => void): void {
    const listeners = this.listeners;
    if (listeners === undefined) return;
    const index = listeners.indexOf(listener);
    if (index !== -1) listeners.splice(index, 1);
  }

  abort(reason: GatewayAbort): void {
    if (this.aborted) return;
    this.aborted = true;
    this.reason = reason;
    const listeners = this.listeners;
    this.listeners = undefined;
    if (listeners !== undefined) for (const listener of listeners) listener();
  }
}

function abortAtDeadline(signal: CallSignal): void {
  signal.abort(new GatewayAbort('timeout'));
}

function abortStream(signal: CallSignal): void {
  signal.abort(STREAM_LIMIT);
}

/**
 * Reshapes what the shared inference path answers, for APIs that are not OpenAI's
 * (orq.ai's deployments): a JSON answer, and complete SSE events as they pass.
 */
export interface AnswerShaper {
  /** Extra response headers (which deployment version and variant served). */
  readonly headers: OutgoingHttpHeaders;
  /** Set when the answer comes from the exact-match cache (its usage costs nothing). */
  cached?: boolean;
  /** The client's answer for the upstream's JSON answer. */
  json(upstream: Record<string, unknown>, model: ServingModel): object;
  /** The client's bytes for complete upstream SSE events (undefined: nothing to send yet). */
  events(upstream: Buffer, model: ServingModel): string | undefined;
  /** The last bytes of a stream that ended normally. */
  finish(model: ServingModel, usage: { promptTokens: number; completionTokens: number; totalTokens: number } | undefined): string;
}

/** The deployment a request came through, for its usage event and logs. */
export interface DeploymentServed {
  id: string;
  key: string;
  version: number;
  variant: string;
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
  /** Set for `/v2/deployments/*`: the answer is reshaped, the usage event names the deployment. */
  shaper: AnswerShaper | undefined;
  deployment: DeploymentServed | undefined;
  /** Set when the request asked for the exact-match cache: its key, and the entry on a hit. */
  cache: CachedCall | undefined;
  /** What the request reserved in its budgets, settled after the answer. */
  budget: BudgetReservation | undefined;
  /** The upstream call in progress (its abort) and its deadline; created per call, nothing before the first. */
  private call: CallSignal | undefined;
  private deadline: NodeJS.Timeout | undefined;
  /** The exchange's spans while tracing is on (undefined otherwise: the hot path tests it and builds nothing). */
  trace: InferenceTrace | undefined = undefined;
  /** The client's body (token estimates) and whether the client chose the request id: inputs of the usage event. */
  body: Record<string, unknown> | undefined;
  clientChoseId = false;
  /** The request's usage is settled (its event recorded): right before the answer's last write, or after the answer. */
  settled = false;
  /** Settles the usage (`UsageAccountant.settle`); `lastWrite` calls it. */
  settler: ((exchange: Exchange) => void) | undefined;
  private wake: (() => void) | undefined;

  constructor(
    /** The endpoint called upstream; a deployment's plan sets it from its variant's model type. */
    public spec: EndpointSpec,
    readonly requestId: string,
    readonly response: ServerResponse,
  ) {}

  /** Wired to the response's `close`: before the response finished, that is the client going away. */
  readonly onClose = (): void => {
    if (this.response.writableFinished) return;
    this.clientGone = true;
    this.call?.abort(CLIENT_GONE);
    this.wake?.();
  };

  /**
   * Called right before the write that ends the answer: the usage event is appended to the
   * journal before the client can have the whole answer, so a gateway killed at any point
   * after it was served still counts it (docs/reliability.md).
   */
  lastWrite(): void {
    if (!this.settled) this.settler?.(this);
  }

  stopForShutdown(): void {
    this.shuttingDown = true;
    this.call?.abort(SHUTDOWN);
    this.wake?.();
  }

  get stopped(): boolean {
    return this.clientGone || this.shuttingDown;
  }

  /** The abort signal of the next upstream call, aborted at `timeoutMs` unless `endCall` comes first. */
  beginCall(timeoutMs: number): CallSignal {
    const signal = new CallSignal();
    this.call = signal;
    this.deadline = setTimeout(abortAtDeadline, timeoutMs, signal);
    return signal;
  }

  /** Replaces the call deadline (which covered the response headers) by the stream's longest duration. */
  limitStream(maxDurationMs: number): void {
    clearTimeout(this.deadline);
    this.deadline = this.call === undefined ? undefined : setTimeout(abortStream, maxDurationMs, this.call);
  }

  /** The call is over (answered, failed or streamed to its end): its deadline no longer applies. */
  endCall(): void {
    clearTimeout(this.deadline);
    this.deadline = undefined;
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
export function abortKindOf(signal: CallSignal): AbortKind | undefined {
  return signal.aborted && signal.reason !== undefined ? signal.reason.kind : undefined;
}
