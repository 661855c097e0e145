import { type ConnectionOptions } from 'node:tls';
import { type Dispatcher } from 'undici';
import { type CapabilityMatrix, type CheckResult, type CheckStatus } from '@model-garden/contracts';
import { type ProviderAdapter } from '../core/provider-adapter';

/** The model under test, credentials included (never logged, never put in a result). */
export interface ProbeModel {
  /** For messages and logs only. */
  id?: string;
  /** `chat`, `completion`, `embedding` or `image`; anything else fails the model as unsupported. */
  type: string;
  baseUrl: string;
  upstreamModelId: string;
  apiKey: string;
}

/**
 * How probes reach the network: through the outbound guard. `dispatcher` is the
 * guarded undici agent every HTTP call uses; `resolveHost` resolves a host and
 * rejects (with an error whose `code` is `outbound_address_forbidden`) when any of
 * its addresses is forbidden on that port (allowlist entries name ports), which is
 * what the connectivity probe times as "DNS".
 */
export interface ProbeNetwork {
  dispatcher: Dispatcher;
  resolveHost(hostname: string, port: number): Promise<ReadonlyArray<{ address: string; family: 4 | 6 }>>;
  /** TLS options for the connectivity probe's handshake (e.g. a private CA), as the agent uses. */
  tls?: Pick<ConnectionOptions, 'ca' | 'rejectUnauthorized'>;
}

export interface ProbeOptions {
  network: ProbeNetwork;
  /** Default: chosen from the base URL's host. */
  adapter?: ProviderAdapter;
  /** Deadline of one call, connect to last byte (default 15 000 ms). */
  timeoutMs?: number;
  /** Deadline of the image generation call (default 60 000 ms). */
  imageTimeoutMs?: number;
  /** Deadline of each connectivity step: DNS, TCP, TLS (default 5 000 ms). */
  connectTimeoutMs?: number;
  /** Optional capability probes run at most this many at once (default 3). */
  concurrency?: number;
  /** Told as each check starts and finishes (again when a suggestion is added to a finished check). Must not throw. */
  onProgress?: (progress: ProbeProgress) => void;
}

/** One check's step: `running` when it starts; its result when it finishes. */
export type ProbeProgress = { check: string; state: 'running' } | { check: string; state: CheckStatus; result: CheckResult };

/** Why a validation failed, for the retry decision and for the model's status message. */
export interface ValidationFailure {
  /** The check that decided: the first required check that failed. */
  check: string;
  code: string;
  message: string;
  /** True when trying again later may succeed (timeouts, 5xx, resets, 429). */
  transient: boolean;
  /** How long the provider asked to wait before retrying. */
  retryAfterMs?: number;
  /** Cannot improve with time (refused on a local address, no such host, TLS certificate): one quick retry at most. */
  retryOnce?: boolean;
}

export interface ValidationOutcome {
  /** `active` when connectivity, authentication, the model and its type work. */
  status: 'active' | 'failed';
  checks: CheckResult[];
  capabilities: CapabilityMatrix;
  failure?: ValidationFailure;
  /** The adapter the calls went through. */
  adapter: string;
  durationMs: number;
}

export interface HealthOutcome {
  /** `active` when the cheap checks pass, `degraded` otherwise. */
  status: 'active' | 'degraded';
  checks: CheckResult[];
  failure?: ValidationFailure;
  adapter: string;
  durationMs: number;
}
