import { type OutgoingHttpHeaders, type ServerResponse } from 'node:http';
import { type WorkspaceKey } from '../auth/api-key-authenticator.service';
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
 * Reshapes what the shared inference path answers, for APIs that are not OpenAI's
 * (orq.ai's deployments): a JSON answer, and complete SSE events as they pass.
 */
export interface AnswerShaper {
  /** Extra response headers (which deployment version and variant served). */
  readonly headers: OutgoingHttpHeaders;
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
  /** The exchange's spans while tracing is on (undefined otherwise: the hot path tests it and builds nothing). */
  trace: InferenceTrace | undefined = undefined;
  private controller: AbortController | undefined;
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

  /** Replaces the call deadline (`timer`, which covered the response headers) by the stream's longest duration. */
  limitStream(timer: NodeJS.Timeout, maxDurationMs: number): NodeJS.Timeout {
    clearTimeout(timer);
    const controller = this.controller;
    return setTimeout(() => controller?.abort(STREAM_LIMIT), maxDurationMs);
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
