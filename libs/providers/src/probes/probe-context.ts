import { type CheckResult, type CheckStatus, ERROR_CODES } from '@model-garden/contracts';
import { adapterForBaseUrl } from '../adapters';
import { type Endpoint } from '../core/capability';
import { type Parsed, type ProviderAdapter } from '../core/provider-adapter';
import { failure, type UpstreamFailure } from '../core/upstream-failure';
import { describeTarget, httpCall, httpStream, type StreamResponse } from '../transport/http-call';
import { type ProbeModel, type ProbeOptions } from './probe.types';

export const DEFAULT_TIMEOUT_MS = 15_000;
export const DEFAULT_IMAGE_TIMEOUT_MS = 60_000;
export const DEFAULT_CONNECT_TIMEOUT_MS = 5_000;

/** The result of one probe call: a parsed value, or a coded failure. */
export type CallOutcome<T> = { ok: true; value: T; latencyMs: number; httpStatus: number } | { ok: false; failure: UpstreamFailure; latencyMs: number; httpStatus?: number };

/** What `GET /models` told us, shared by connectivity, authentication and the model check. */
export type Listing =
  | { kind: 'listed'; ids: string[]; latencyMs: number; httpStatus: number }
  /** The server answered, but not with a model list (404, 5xx, 403, not JSON, ...). */
  | { kind: 'unavailable'; failure: UpstreamFailure; latencyMs: number; httpStatus?: number }
  /** 401: the key is refused. */
  | { kind: 'rejected'; failure: UpstreamFailure; latencyMs: number; httpStatus: number }
  /** No HTTP answer at all: timeout, network, forbidden address, or a redirect. */
  | { kind: 'unreachable'; failure: UpstreamFailure; latencyMs: number; httpStatus?: number }
  /** The adapter says this provider does not list models; no call was made. */
  | { kind: 'not-listed-by-provider' };

/**
 * One validation run's state: the model, its adapter, the options, and memoised
 * calls that several checks read (the model listing, the type's first real call), so
 * each is made once.
 */
export class ProbeContext {
  readonly adapter: ProviderAdapter;
  readonly timeoutMs: number;
  readonly imageTimeoutMs: number;
  readonly connectTimeoutMs: number;
  private listingCall: Promise<Listing> | undefined;
  private readonly memo = new Map<string, Promise<unknown>>();

  constructor(
    readonly model: ProbeModel,
    readonly options: ProbeOptions,
  ) {
    this.adapter = options.adapter ?? adapterForBaseUrl(model.baseUrl);
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.imageTimeoutMs = options.imageTimeoutMs ?? DEFAULT_IMAGE_TIMEOUT_MS;
    this.connectTimeoutMs = options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
  }

  /** Runs `make` once per key; later callers share its promise. */
  once<T>(key: string, make: () => Promise<T>): Promise<T> {
    let promise = this.memo.get(key) as Promise<T> | undefined;
    if (promise === undefined) {
      promise = make();
      this.memo.set(key, promise);
    }
    return promise;
  }

  target(method: 'GET' | 'POST', endpoint: Endpoint): string {
    return describeTarget(method, this.adapter.url(this.model.baseUrl, endpoint));
  }

  listing(): Promise<Listing> {
    this.listingCall ??= this.fetchListing();
    return this.listingCall;
  }

  private async fetchListing(): Promise<Listing> {
    if (!this.adapter.features.listsModels) return { kind: 'not-listed-by-provider' };
    const outcome = await this.getJson('models', (json) => this.adapter.parseModelList(json));
    if (outcome.ok) return { kind: 'listed', ids: outcome.value, latencyMs: outcome.latencyMs, httpStatus: outcome.httpStatus };
    const { failure: why, latencyMs, httpStatus } = outcome;
    if (why.kind === 'timeout' || why.kind === 'network' || why.kind === 'forbidden_address' || why.code === ERROR_CODES.providerRedirect) {
      return { kind: 'unreachable', failure: why, latencyMs, httpStatus };
    }
    if (httpStatus === 401) return { kind: 'rejected', failure: why, latencyMs, httpStatus };
    return { kind: 'unavailable', failure: why, latencyMs, httpStatus };
  }

  getJson<T>(endpoint: Endpoint, parse: (json: unknown) => Parsed<T>): Promise<CallOutcome<T>> {
    return this.callJson('GET', endpoint, undefined, parse, this.timeoutMs);
  }

  postJson<T>(endpoint: Endpoint, body: unknown, parse: (json: unknown) => Parsed<T>, timeoutMs = this.timeoutMs): Promise<CallOutcome<T>> {
    return this.callJson('POST', endpoint, body, parse, timeoutMs);
  }

  private async callJson<T>(
    method: 'GET' | 'POST',
    endpoint: Endpoint,
    body: unknown,
    parse: (json: unknown) => Parsed<T>,
    timeoutMs: number,
  ): Promise<CallOutcome<T>> {
    const url = this.adapter.url(this.model.baseUrl, endpoint);
    const target = describeTarget(method, url);
    const outcome = await httpCall({
      method,
      url,
      headers: this.adapter.headers(this.model.apiKey),
      json: body,
      timeoutMs,
      dispatcher: this.options.network.dispatcher,
    });
    if (!outcome.ok) return { ok: false, failure: outcome.failure, latencyMs: outcome.latencyMs };
    const { status, headers, text, latencyMs } = outcome.response;
    if (status < 200 || status >= 300) {
      return { ok: false, httpStatus: status, latencyMs, failure: this.adapter.mapError({ status, headers, text }, { endpoint, target, apiKey: this.model.apiKey }) };
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      return { ok: false, httpStatus: status, latencyMs, failure: badResponse(`${target} answered ${status} with a body that is not JSON.`) };
    }
    const parsed = parse(json);
    if (!parsed.ok) return { ok: false, httpStatus: status, latencyMs, failure: badResponse(`${target} answered ${status}, but ${parsed.reason}.`) };
    return { ok: true, value: parsed.value, latencyMs, httpStatus: status };
  }

  /** A streamed POST: the events' data on a 2xx, a mapped failure otherwise. */
  async postStream(endpoint: Endpoint, body: unknown): Promise<CallOutcome<StreamResponse>> {
    const url = this.adapter.url(this.model.baseUrl, endpoint);
    const target = describeTarget('POST', url);
    const outcome = await httpStream({
      method: 'POST',
      url,
      headers: { ...this.adapter.headers(this.model.apiKey), accept: 'text/event-stream' },
      json: body,
      timeoutMs: this.timeoutMs,
      dispatcher: this.options.network.dispatcher,
    });
    if (!outcome.ok) return { ok: false, failure: outcome.failure, latencyMs: outcome.latencyMs };
    const response = outcome.response;
    if (response.status < 200 || response.status >= 300) {
      return {
        ok: false,
        httpStatus: response.status,
        latencyMs: response.latencyMs,
        failure: this.adapter.mapError({ status: response.status, headers: response.headers, text: response.text }, { endpoint, target, apiKey: this.model.apiKey }),
      };
    }
    return { ok: true, value: response, latencyMs: response.latencyMs, httpStatus: response.status };
  }
}

export function badResponse(message: string): UpstreamFailure {
  return failure('bad_response', ERROR_CODES.providerBadResponse, message, false);
}

export function check(name: string, status: CheckStatus, latencyMs: number, code: string, message: string, httpStatus?: number): CheckResult {
  return { name, status, latencyMs, ...(httpStatus !== undefined ? { httpStatus } : {}), code, message };
}

/** A check that failed (or warned, for optional capabilities) for the reason a call gave. */
export function checkFromFailure(name: string, status: 'fail' | 'warn', outcome: { failure: UpstreamFailure; latencyMs: number; httpStatus?: number }): CheckResult {
  return check(name, status, outcome.latencyMs, outcome.failure.code, outcome.failure.message, outcome.httpStatus ?? outcome.failure.httpStatus);
}

/** Text shown from a model's reply: one line, short. */
export function excerpt(text: string, max = 60): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}
