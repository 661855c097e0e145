import { status as GrpcStatus } from '@grpc/grpc-js';
import { firstValueFrom, type Observable, timeout, TimeoutError } from 'rxjs';

/** The gRPC status of a failed call (grpc-js errors carry it as a number in `code`). */
export function grpcStatusOf(error: unknown): number | undefined {
  if (error instanceof TimeoutError) return GrpcStatus.DEADLINE_EXCEEDED;
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  return typeof code === 'number' ? code : undefined;
}

export function isNotFound(error: unknown): boolean {
  return grpcStatusOf(error) === GrpcStatus.NOT_FOUND;
}

/**
 * The registry refused the question itself (a key or model name it cannot hold: too
 * long, a NUL character): nothing can match it, so it is answered like an unknown one.
 */
export function isUnanswerable(error: unknown): boolean {
  return grpcStatusOf(error) === GrpcStatus.INVALID_ARGUMENT;
}

/** True when the failure says nothing about the answer: the registry could not be asked (then a stale cache entry may serve). */
export function isRegistryUnavailable(error: unknown): boolean {
  const code = grpcStatusOf(error);
  return (
    code === undefined ||
    code === GrpcStatus.UNAVAILABLE ||
    code === GrpcStatus.DEADLINE_EXCEEDED ||
    code === GrpcStatus.CANCELLED ||
    code === GrpcStatus.RESOURCE_EXHAUSTED ||
    code === GrpcStatus.INTERNAL ||
    code === GrpcStatus.UNKNOWN
  );
}

/** One unary registry call with a deadline: unsubscribing at the deadline cancels the call. */
export function callRegistry<T>(call: Observable<T>, timeoutMs: number): Promise<T> {
  return firstValueFrom(call.pipe(timeout({ first: timeoutMs })));
}
