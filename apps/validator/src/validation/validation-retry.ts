import { UnrecoverableError } from 'bullmq';
import { type ValidationFailure } from '@model-garden/providers';
import { exponentialBackoffMs } from '@model-garden/platform';

/** Delay of the one quick retry of a failure that cannot improve with time (refused on a local address, no such host, TLS). */
export const QUICK_RETRY_MS = 1_000;

/**
 * A validation failure with an attempt left: BullMQ retries the job after `delayMs` when
 * the use case chose it (so the progress event could say when), after a backoff otherwise.
 */
export class RetryableValidationError extends Error {
  constructor(
    readonly failure: ValidationFailure,
    readonly delayMs?: number,
  ) {
    super(`${failure.check}: ${failure.code}: ${failure.message}`);
    this.name = 'RetryableValidationError';
  }
}

/**
 * The verdict is published (failed, permanently or out of attempts): the job ends in
 * BullMQ's failed set, kept for inspection, and is never retried.
 */
export class VerdictPublishedError extends UnrecoverableError {
  constructor(message: string) {
    super(message);
    this.name = 'VerdictPublishedError';
  }
}

export interface BackoffOptions {
  baseMs: number;
  maxMs: number;
}

/**
 * Delay before the next attempt: the provider's Retry-After when it sent one (plus a
 * little jitter, so many models rate-limited together do not return together),
 * otherwise exponential with "equal jitter" (between half and all of base·2^(n-1)),
 * capped at maxMs.
 */
export function validationBackoffMs(attemptsMade: number, error: unknown, options: BackoffOptions, random: () => number = Math.random): number {
  if (error instanceof RetryableValidationError && error.delayMs !== undefined) return error.delayMs;
  const retryAfter = error instanceof RetryableValidationError ? error.failure.retryAfterMs : undefined;
  if (retryAfter !== undefined) return Math.min(options.maxMs, retryAfter + Math.floor(random() * Math.min(1_000, options.baseMs)));
  return exponentialBackoffMs(attemptsMade - 1, options, random);
}
