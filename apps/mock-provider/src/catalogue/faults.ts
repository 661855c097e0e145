import { OpenAIError } from '../http/mock-provider.exception';
import type { ResponseFault } from '../http/exchange';
import type { FailStatus, ModelDefinition } from './model.types';

/** What an injected fault does to one call. */
export type FaultPlan =
  | { kind: 'hang' }
  | { kind: 'reset' }
  | { kind: 'status'; error: OpenAIError }
  | { kind: 'response'; fault: ResponseFault };

/**
 * The fault for a model's `call`-th call (1-based), if any. Faults apply to the first
 * `failFirst` calls, or to every call when `failFirst` is absent. When several are set
 * the first of hang, resetConnection, failStatus, malformedJson, cutStreamAfterChunks
 * wins; `failFirst` alone means 503.
 */
export function planFault(model: ModelDefinition, call: number): FaultPlan | undefined {
  if (model.failFirst !== undefined && call > model.failFirst) return undefined;
  if (model.hang) return { kind: 'hang' };
  if (model.resetConnection) return { kind: 'reset' };
  const damaged = model.malformedJson || model.cutStreamAfterChunks !== undefined;
  if (model.failStatus !== undefined || (model.failFirst !== undefined && !damaged)) {
    return { kind: 'status', error: injectedError(model.failStatus ?? 503, model.retryAfterSeconds) };
  }
  if (model.malformedJson) return { kind: 'response', fault: { kind: 'malformed' } };
  if (model.cutStreamAfterChunks !== undefined) return { kind: 'response', fault: { kind: 'cut', afterEvents: model.cutStreamAfterChunks } };
  return undefined;
}

const FAULT_ERRORS: Record<FailStatus, { message: string; type: string; code: string | null }> = {
  429: { message: 'Rate limit reached for requests (mock-provider injected fault). Please try again later.', type: 'requests', code: 'rate_limit_exceeded' },
  500: { message: 'The server had an error while processing your request (mock-provider injected fault).', type: 'server_error', code: null },
  502: { message: 'Bad gateway (mock-provider injected fault).', type: 'server_error', code: null },
  503: { message: 'The server is overloaded or not ready yet (mock-provider injected fault).', type: 'server_error', code: null },
  504: { message: 'Gateway timeout (mock-provider injected fault).', type: 'server_error', code: null },
};

function injectedError(status: FailStatus, retryAfterSeconds: number | undefined): OpenAIError {
  const { message, type, code } = FAULT_ERRORS[status];
  const seconds = retryAfterSeconds ?? (status === 429 ? 1 : undefined);
  const headers = seconds === undefined ? undefined : { 'retry-after': String(seconds), 'retry-after-ms': String(seconds * 1000) };
  return new OpenAIError(status, message, type, null, code, headers);
}
