import { Injectable } from '@nestjs/common';
import { type CellError, ERROR_CODES, type ExperimentCellCompletedData, type ModelPricing } from '@model-garden/contracts';
import { CellEvaluator } from '../../../evaluation/cell-evaluator';
import { CellEventsPublisher } from '../../../infrastructure/cell-events.publisher';
import { GatewayCallError, GatewayClient, type StreamedAnswer } from '../../../infrastructure/gateway.client';
import { ModelSlots } from '../../../infrastructure/model-slots';
import { type PlannedColumn, type RunContext, RunContexts } from '../../../infrastructure/run-contexts';
import { judgeInput, missingVariables, renderMessages } from '../../prompt.util';
import { type RunCellCommand } from './run-cell.command';

/**
 * `wait`: the model has no free slot, or the gateway rate-limited the run's key (429,
 * after `delayMs`); the job comes back later without using an attempt. Rate limits are
 * flow control, not failures.
 */
export type RunCellResult = { kind: 'published'; status: 'completed' | 'failed' } | { kind: 'skipped'; reason: string } | { kind: 'wait'; delayMs?: number; reason: 'slot' | 'rate-limited' };

/** Cost in USD from the snapshot's prices per million tokens (unpriced parts cost nothing). */
export function cellCost(pricing: ModelPricing, inputTokens: number | null, outputTokens: number | null): number | null {
  if (inputTokens === null && outputTokens === null) return null;
  const cost = ((inputTokens ?? 0) * (pricing.inputPerMillionTokens ?? 0) + (outputTokens ?? 0) * (pricing.outputPerMillionTokens ?? 0)) / 1_000_000;
  return Math.round(cost * 1e10) / 1e10;
}

/** The model a column's slots are counted against. */
export function slotModel(column: PlannedColumn): string {
  return column.kind === 'model' ? column.model : `deployment:${column.deployment}`;
}

/**
 * Runs one cell: takes a slot of its column's model, calls the gateway with streaming
 * (latency, time to first token, tokens from the usage chunk, cost from the snapshot's
 * prices), runs the evaluators, and publishes ExperimentCellCompleted. The model's own
 * errors become the cell's error; a platform failure throws, so the job is retried;
 * a cancelled or ended run's cell is skipped (the registry would ignore it anyway).
 */
@Injectable()
export class RunCellUseCase {
  constructor(
    private readonly runs: RunContexts,
    private readonly slots: ModelSlots,
    private readonly gateway: GatewayClient,
    private readonly evaluator: CellEvaluator,
    private readonly events: CellEventsPublisher,
  ) {}

  async execute(command: RunCellCommand): Promise<RunCellResult> {
    if (await this.runs.isCancelled(command.runId, command.dispatch)) return { kind: 'skipped', reason: 'the run was cancelled' };
    const run = await this.runs.plan(command.runId, command.dispatch);
    if (!run) return { kind: 'skipped', reason: 'the run no longer exists' };
    if (run.status === 'cancelled') return { kind: 'skipped', reason: 'the run was cancelled' };
    const column = run.columns.get(command.columnId);
    if (!column) return this.publish(command, failed({ code: ERROR_CODES.validationFailed, message: `The run has no column "${command.columnId}".` }));

    const lease = await this.slots.acquire(run.runId, slotModel(column), run.concurrencyPerModel, command.jobId);
    if (!lease) return { kind: 'wait', reason: 'slot' };
    try {
      const apiKey = await this.runs.credential(run.runId, command.dispatch);
      if (!apiKey) return { kind: 'skipped', reason: 'the run has ended (its credential is revoked)' };
      return await this.answerAndJudge(command, run, column, apiKey);
    } catch (error) {
      if (error instanceof GatewayCallError && error.status === 429) return { kind: 'wait', reason: 'rate-limited', delayMs: Math.min(60_000, error.retryAfterMs ?? 1_000) };
      throw error;
    } finally {
      await lease.release();
    }
  }

  /** Publishes a failed cell for a job that ran out of attempts (or of workers), so the run still ends. */
  async publishGaveUp(command: RunCellCommand, reason: string): Promise<void> {
    await this.events.cellCompleted(this.event(command, failed({ code: ERROR_CODES.serviceUnavailable, message: `The cell could not be run: ${reason}` })));
  }

  private async answerAndJudge(command: RunCellCommand, run: RunContext, column: PlannedColumn, apiKey: string): Promise<RunCellResult> {
    const messages = column.kind === 'model' ? renderMessages([...column.messages, ...(command.messages ?? [])], command.inputs) : (command.messages ?? []);
    if (column.kind === 'model') {
      const missing = missingVariables(column.messages, command.inputs);
      if (missing.length > 0) {
        return this.publish(command, failed({ code: 'template_variable_missing', message: `The datapoint has no input ${missing.map((m) => `"${m}"`).join(', ')} that the column's messages use.` }));
      }
      if (messages.length === 0) return this.publish(command, failed({ code: ERROR_CODES.validationFailed, message: 'Neither the column nor the datapoint has messages to send.' }));
    }
    let answer: StreamedAnswer;
    try {
      answer = await this.withCredential(run, command, apiKey, (key) => (column.kind === 'model' ? this.gateway.streamChat(key, chatBody(column, messages)) : this.gateway.streamDeployment(key, deploymentBody(column, command))));
    } catch (error) {
      if (error instanceof GatewayCallError && !error.retryable && !error.credentialRefused) {
        return this.publish(command, failed(error.error));
      }
      if (error instanceof CredentialEnded) return { kind: 'skipped', reason: 'the run has ended (its credential is revoked)' };
      throw error;
    }
    const scores = await this.evaluator.evaluate(run.evaluators, { output: answer.output, expected: command.expectedOutput, input: judgeInput(messages, command.inputs) }, apiKey);
    return this.publish(command, {
      status: 'completed',
      output: answer.output,
      finishReason: answer.finishReason,
      latencyMs: round(answer.latencyMs),
      ttftMs: answer.ttftMs === null ? null : round(answer.ttftMs),
      inputTokens: answer.inputTokens,
      outputTokens: answer.outputTokens,
      // A deployment's variant (and so its prices) is chosen by the gateway: the gateway prices the call in its final event.
      costUsd: column.kind === 'model' ? cellCost(column.pricing, answer.inputTokens, answer.outputTokens) : answer.costUsd,
      scores,
      error: answer.truncated ? { code: 'output_truncated', message: 'The answer was longer than EXPERIMENT_MAX_OUTPUT_CHARS and was cut.' } : null,
    });
  }

  /** One call with the run's key; a refused key is fetched again once (a re-run minted a new one). */
  private async withCredential<T>(run: RunContext, command: RunCellCommand, apiKey: string, call: (key: string) => Promise<T>): Promise<T> {
    try {
      return await call(apiKey);
    } catch (error) {
      if (!(error instanceof GatewayCallError) || !error.credentialRefused) throw error;
      this.runs.dropCredential(run.runId);
      const fresh = await this.runs.credential(run.runId, command.dispatch);
      if (!fresh || fresh === apiKey) throw new CredentialEnded();
      return call(fresh);
    }
  }

  private async publish(command: RunCellCommand, outcome: Outcome): Promise<RunCellResult> {
    await this.events.cellCompleted(this.event(command, outcome));
    return { kind: 'published', status: outcome.status };
  }

  private event(command: RunCellCommand, outcome: Outcome): ExperimentCellCompletedData {
    return { runId: command.runId, workspaceId: command.workspaceId, cellId: command.cellId, attempt: command.attempt, ...outcome, completedAt: new Date().toISOString() };
  }
}

class CredentialEnded extends Error {}

type Outcome = Omit<ExperimentCellCompletedData, 'runId' | 'workspaceId' | 'cellId' | 'attempt' | 'completedAt'>;

function failed(error: CellError): Outcome {
  return { status: 'failed', output: null, finishReason: null, latencyMs: null, ttftMs: null, inputTokens: null, outputTokens: null, costUsd: null, scores: [], error };
}

function round(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}

function chatBody(column: Extract<PlannedColumn, { kind: 'model' }>, messages: { role: string; content: string }[]): Record<string, unknown> {
  const p = column.parameters;
  const body: Record<string, unknown> = { model: column.model, messages };
  if (p.temperature !== undefined) body['temperature'] = p.temperature;
  if (p.maxTokens !== undefined) body['max_tokens'] = p.maxTokens;
  if (p.topP !== undefined) body['top_p'] = p.topP;
  if (p.responseFormat !== undefined) body['response_format'] = p.responseFormat;
  if (p.stop !== undefined) body['stop'] = p.stop;
  if (p.seed !== undefined) body['seed'] = p.seed;
  return body;
}

/** orq.ai's invoke body: the deployment key, the datapoint's inputs and messages, the routing context. */
function deploymentBody(column: Extract<PlannedColumn, { kind: 'deployment' }>, command: RunCellCommand): Record<string, unknown> {
  const body: Record<string, unknown> = { key: column.deployment, inputs: command.inputs, context: column.context };
  if (command.messages?.length) body['messages'] = command.messages;
  return body;
}
