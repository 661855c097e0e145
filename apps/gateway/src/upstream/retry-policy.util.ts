import { exponentialBackoffMs } from '@model-garden/platform';
import { type UpstreamFailure } from '@model-garden/providers';

export interface BackoffSettings {
  baseDelayMs: number;
  maxDelayMs: number;
}

/**
 * The wait before retry number `retry` (0 for the first): exponential backoff with
 * "equal jitter" (half fixed, half random), never shorter than the provider's
 * Retry-After. Undefined when the provider asks for more than `maxDelayMs`: waiting
 * that long is worse than failing over or answering.
 */
export function retryDelayMs(retry: number, settings: BackoffSettings, retryAfterMs: number | undefined, random: () => number = Math.random): number | undefined {
  if (retryAfterMs !== undefined && retryAfterMs > settings.maxDelayMs) return undefined;
  const jittered = exponentialBackoffMs(retry, { baseMs: settings.baseDelayMs, maxMs: settings.maxDelayMs }, random);
  return Math.max(jittered, retryAfterMs ?? 0);
}

/**
 * The status a failed call counts as against `retry.on_codes`: its own for an HTTP
 * answer, 502 when the connection failed (what the client would get). Timeouts are
 * never retried on the same model (they fall back instead); refusals by the outbound
 * guard and unreadable answers are neither.
 */
export function policyStatus(failure: UpstreamFailure): number | undefined {
  if (failure.kind === 'http') return failure.httpStatus;
  if (failure.kind === 'network' && failure.transient) return 502;
  return undefined;
}
