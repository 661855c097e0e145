import { Injectable } from '@nestjs/common';
import {
  type ChatMessage,
  type ColumnParameters,
  type EvaluatorDefinition,
  type ExperimentRunPlan,
  type ModelPricing,
  type RunStatus,
} from '@model-garden/contracts';
import { ServiceConnections } from '@model-garden/platform';
import { ExperimentWorkerConfig } from '../config/experiment-worker.config';
import { RegistryClient } from './registry.client';

export type PlannedColumn =
  | { id: string; name: string; kind: 'model'; model: string; messages: ChatMessage[]; parameters: ColumnParameters; pricing: ModelPricing }
  | { id: string; name: string; kind: 'deployment'; deployment: string; version: number; variant: string; context: Record<string, unknown>; pricing: ModelPricing };

export type PlannedEvaluator = EvaluatorDefinition & { id: string; name: string };

/** A run as the worker needs it, parsed once from the registry's snapshot. */
export interface RunContext {
  runId: string;
  workspaceId: string;
  status: RunStatus;
  dispatch: number;
  concurrencyPerModel: number;
  columns: Map<string, PlannedColumn>;
  evaluators: PlannedEvaluator[];
}

const PLAN_TTL_MS = 60_000;
const DAY_SECONDS = 86_400;

function parse<T>(json: string, fallback: T): T {
  try {
    return (JSON.parse(json) as T) ?? fallback;
  } catch {
    return fallback;
  }
}

export function toRunContext(plan: ExperimentRunPlan): RunContext {
  const columns = new Map<string, PlannedColumn>();
  for (const c of plan.columns) {
    columns.set(
      c.id,
      c.kind === 'deployment'
        ? { id: c.id, name: c.name, kind: 'deployment', deployment: c.deployment, version: c.deploymentVersion, variant: c.deploymentVariant, context: parse(c.deploymentContextJson, {}), pricing: c.pricing ?? {} }
        : { id: c.id, name: c.name, kind: 'model', model: c.model, messages: parse(c.messagesTemplateJson, []), parameters: parse(c.parametersJson, {}), pricing: c.pricing ?? {} },
    );
  }
  return {
    runId: plan.runId,
    workspaceId: plan.workspaceId,
    status: plan.status as RunStatus,
    dispatch: plan.dispatch,
    concurrencyPerModel: plan.concurrencyPerModel,
    columns,
    evaluators: plan.evaluators.map((e) => ({ id: e.id, name: e.name, type: e.type, config: parse(e.configJson, {}) }) as PlannedEvaluator),
  };
}

/**
 * Runs' snapshots and gateway credentials, fetched from the registry over gRPC and
 * kept in this process's memory only (a credential is never written to Redis or
 * Kafka). A job of a newer dispatch than the one cached refetches both (a re-run mints
 * a new key); a refused key is dropped and fetched again. Cancellations are marked in
 * Redis so every replica skips the run's jobs not yet started.
 */
@Injectable()
export class RunContexts {
  private readonly plans = new Map<string, { context: RunContext; fetchedAt: number }>();
  private readonly credentials = new Map<string, { apiKey: string; expiresAtMs: number; dispatch: number }>();

  constructor(
    private readonly registry: RegistryClient,
    private readonly connections: ServiceConnections,
    private readonly config: ExperimentWorkerConfig,
  ) {}

  /** The run, or undefined when the registry no longer has it. */
  async plan(runId: string, dispatch: number): Promise<RunContext | undefined> {
    const cached = this.plans.get(runId);
    if (cached && cached.context.dispatch >= dispatch && Date.now() - cached.fetchedAt < PLAN_TTL_MS) return cached.context;
    const plan = await this.registry.getRun(runId);
    if (!plan) {
      this.plans.delete(runId);
      return undefined;
    }
    const context = toRunContext(plan);
    this.plans.set(runId, { context, fetchedAt: Date.now() });
    if (this.plans.size > 1_000) this.plans.delete(this.plans.keys().next().value!);
    return context;
  }

  /** The run's gateway key, or undefined when the run has ended. */
  async credential(runId: string, dispatch: number): Promise<string | undefined> {
    const cached = this.credentials.get(runId);
    if (cached && cached.dispatch >= dispatch && cached.expiresAtMs > Date.now() + 5_000) return cached.apiKey;
    const fetched = await this.registry.getCredential(runId);
    if (!fetched) {
      this.credentials.delete(runId);
      return undefined;
    }
    this.credentials.set(runId, { apiKey: fetched.apiKey, expiresAtMs: fetched.expiresAtMs, dispatch });
    if (this.credentials.size > 1_000) this.credentials.delete(this.credentials.keys().next().value!);
    return fetched.apiKey;
  }

  /** Forgets a key the gateway refused, so the next call asks the registry again. */
  dropCredential(runId: string): void {
    this.credentials.delete(runId);
  }

  private cancelKey(runId: string): string {
    return `${this.config.REDIS_PREFIX}:experiments:cancelled:${runId}`;
  }

  /** Marks the run's dispatches up to `dispatch` cancelled, for every replica. */
  async markCancelled(runId: string, dispatch: number): Promise<void> {
    await this.connections.redis.set(this.cancelKey(runId), String(dispatch), 'EX', 7 * DAY_SECONDS);
    this.plans.delete(runId);
    this.credentials.delete(runId);
  }

  /** Whether a job of `dispatch` belongs to a cancelled dispatch of the run. */
  async isCancelled(runId: string, dispatch: number): Promise<boolean> {
    const cancelled = await this.connections.redis.get(this.cancelKey(runId));
    return cancelled !== null && Number(cancelled) >= dispatch;
  }
}
