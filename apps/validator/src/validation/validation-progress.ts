import { type CheckProgress, type CheckTransition, type ModelValidationProgressData } from '@model-garden/contracts';
import { type ProbeProgress, type ValidationFailure } from '@model-garden/providers';

/** The job attempt a progress belongs to. */
export interface ProgressScope {
  modelId: string;
  workspaceId: string;
  revision: number;
  attempt: number;
  maxAttempts: number;
}

/**
 * The live state of one validation attempt, published as ModelValidationProgress as
 * each check starts, finishes or is retried. One event is in flight at a time (so a
 * model's events keep their order); changes made while one is in flight leave together
 * in the next, which carries the whole state, so nothing is lost by coalescing.
 * Publishing is best effort: a failure is reported and the validation goes on.
 */
export class ValidationProgress {
  private readonly checks: CheckProgress[] = [];
  private pending: CheckTransition[] = [];
  private sequence = 0;
  private maxAttempts: number;
  private nextAttemptAt: string | null = null;
  private inFlight: Promise<void> | undefined;

  constructor(
    private readonly scope: ProgressScope,
    private readonly send: (data: ModelValidationProgressData) => Promise<void>,
    private readonly onError: (error: unknown) => void,
  ) {
    this.maxAttempts = scope.maxAttempts;
  }

  /** A probe's step (the providers library's `onProgress`). */
  record(progress: ProbeProgress): void {
    const entry: CheckProgress =
      progress.state === 'running'
        ? { name: progress.check, state: 'running' }
        : {
            name: progress.check,
            state: progress.state,
            latencyMs: progress.result.latencyMs,
            ...(progress.result.httpStatus !== undefined ? { httpStatus: progress.result.httpStatus } : {}),
            code: progress.result.code,
            message: progress.result.message,
            ...(progress.result.suggestion ? { suggestion: progress.result.suggestion } : {}),
          };
    this.put(entry);
  }

  /** The attempt failed and another runs at `nextAttemptAt` (of `maxAttempts` in all). */
  retrying(failure: ValidationFailure, nextAttemptAt: Date, maxAttempts: number): void {
    this.maxAttempts = maxAttempts;
    this.nextAttemptAt = nextAttemptAt.toISOString();
    const current = this.checks.find((c) => c.name === failure.check);
    this.put({ ...current, name: failure.check, state: 'retrying', code: failure.code, message: failure.message });
  }

  /** Resolves once every change so far has been published (or failed to be). */
  async flush(): Promise<void> {
    while (this.inFlight !== undefined) await this.inFlight;
  }

  private put(entry: CheckProgress): void {
    const index = this.checks.findIndex((c) => c.name === entry.name);
    if (index === -1) this.checks.push(entry);
    else this.checks[index] = entry;
    this.pending.push({ check: entry.name, state: entry.state });
    this.kick();
  }

  private kick(): void {
    if (this.inFlight !== undefined || this.pending.length === 0) return;
    const data: ModelValidationProgressData = {
      ...this.scope,
      maxAttempts: this.maxAttempts,
      sequence: this.sequence++,
      changes: this.pending,
      checks: this.checks.map((c) => ({ ...c })),
      nextAttemptAt: this.nextAttemptAt,
      at: new Date().toISOString(),
    };
    this.pending = [];
    this.inFlight = this.send(data)
      .catch((error: unknown) => this.onError(error))
      .finally(() => {
        this.inFlight = undefined;
        this.kick();
      });
  }
}
