import { randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { BUDGET_HEADERS, budgetApplies, type BudgetSubject, type EnforcedBudget, ERROR_CODES, minuteWindow } from '@model-garden/contracts';
import { type AppLogger, LOGGER, ServiceConnections } from '@model-garden/platform';
import { type ServingModel } from '../catalogue/serving-model';
import { GatewayConfig } from '../config/gateway.config';
import { type EndpointSpec } from '../inference/endpoints.constant';
import { GatewayMetrics } from '../metrics/gateway.metrics';
import { GATEWAY_ERROR_CODES, GatewayError } from '../shared/gateway.exception';
import { costUsd, estimateInputTokens } from '../usage/usage-meter.util';
import { BudgetResolver } from './budget-resolver.service';
import { type BudgetCounter, BudgetStore, type Estimate, NANOS_PER_USD, type RefusedLimit } from './budget-store';
import { counterOf, usdToNanos, windowOf } from './budget-counters.util';

/** Rounds of reserve → rebuild missing counters → reserve again before giving up. */
const MAX_ROUNDS = 3;

/** The budgets that apply to `subject` now (not expired, scope matching). */
function applicableBudgets(budgets: readonly EnforcedBudget[], subject: BudgetSubject, now: number): EnforcedBudget[] {
  return budgets.filter((budget) => (budget.expiresAtMs === 0 || budget.expiresAtMs > now) && budgetApplies(budget.scopeKind, budget.scopeTargetId || null, subject));
}

/** What a call reserved in its budgets, to settle once its actual cost is known. */
export interface BudgetReservation {
  periodKeys: string[];
  generations: string[];
  estimate: Estimate;
}

/**
 * Enforces a workspace's budgets before the upstream call: the budgets that apply to the
 * request (its workspace, API key, model, deployment) are checked and the call's estimate
 * reserved in all of them at once in Redis (shared by every gateway process); after the
 * call, `settle` replaces the estimate by the actual cost and tokens. So, under any
 * concurrency, a budget is overshot by at most what is in flight. A counter Redis does
 * not have (a new period, a reset, or Redis lost it) is rebuilt from the registry's
 * ledger first. The clock is injectable (`now`), so tests can cross a period's end.
 */
@Injectable()
export class BudgetGuard {
  private readonly store: BudgetStore;
  private readonly prefix: string;
  private readonly log: AppLogger;
  private readonly defaultOutputTokens: number;
  now: () => number;

  constructor(
    connections: ServiceConnections,
    config: GatewayConfig,
    private readonly budgets: BudgetResolver,
    private readonly metrics: GatewayMetrics,
    @Inject(LOGGER) logger: AppLogger,
  ) {
    this.store = new BudgetStore(connections.redis);
    this.prefix = `${config.REDIS_PREFIX}:gateway`;
    const offset = config.GATEWAY_BUDGET_CLOCK_OFFSET_MS;
    this.now = offset === 0 ? Date.now : () => Date.now() + offset;
    this.log = logger.child({ component: 'budgets' });
    this.defaultOutputTokens = config.GATEWAY_BUDGET_DEFAULT_OUTPUT_TOKENS;
  }

  /**
   * Reserves what a request may cost at most, as far as it can be known before the call:
   * its input tokens (estimated from the body) and its output token limit (the request's,
   * else the model's default, else GATEWAY_BUDGET_DEFAULT_OUTPUT_TOKENS), at the model's prices.
   * With the workspace's budgets cached and none applying (the common case) it answers
   * at once, without a promise and without estimating.
   */
  reserveFor(spec: EndpointSpec, workspaceId: string, subject: BudgetSubject, model: ServingModel, body: Record<string, unknown>): BudgetReservation | undefined | Promise<BudgetReservation | undefined> {
    const cached = this.budgets.cached(workspaceId);
    if (cached !== undefined) return this.reserveRequest(workspaceId, cached, subject, spec, model, body);
    return this.budgets.forWorkspace(workspaceId).then((budgets) => this.reserveRequest(workspaceId, budgets, subject, spec, model, body));
  }

  /**
   * Reserves `estimate` (USD, tokens) in every applicable budget, or throws the 429
   * `budget_exceeded` of the most restrictive used-up budget (the one that resets last).
   * Undefined when no budget applies (no Redis call then).
   */
  async reserve(workspaceId: string, subject: BudgetSubject, estimateUsd: number, estimateTokens: number): Promise<BudgetReservation | undefined> {
    const now = this.now();
    const applicable = applicableBudgets(await this.budgets.forWorkspace(workspaceId), subject, now);
    if (applicable.length === 0) return undefined;
    return this.reserveCounters(workspaceId, applicable, { amountNanos: usdToNanos(estimateUsd), tokens: estimateTokens }, now);
  }

  /** `reserveFor` once the workspace's budgets are known: none applies, undefined at once; else the request's estimate reserved. */
  private reserveRequest(
    workspaceId: string,
    budgets: readonly EnforcedBudget[],
    subject: BudgetSubject,
    spec: EndpointSpec,
    model: ServingModel,
    body: Record<string, unknown>,
  ): BudgetReservation | undefined | Promise<BudgetReservation | undefined> {
    if (budgets.length === 0) return undefined;
    const now = this.now();
    const applicable = applicableBudgets(budgets, subject, now);
    if (applicable.length === 0) return undefined;
    const input = estimateInputTokens(spec.endpoint, body);
    let output = 0;
    if (spec.endpoint === 'chat.completions' || spec.endpoint === 'completions') {
      const asked = spec.tokenLimitFields.map((field) => body[field]).find((value) => Number.isSafeInteger(value) && (value as number) > 0) as number | undefined;
      output = asked ?? model.maxTokens ?? this.defaultOutputTokens;
    }
    const images = spec.endpoint === 'images.generations' ? (Number.isSafeInteger(body['n']) ? (body['n'] as number) : 1) : 0;
    return this.reserveCounters(workspaceId, applicable, { amountNanos: usdToNanos(costUsd(model.pricing, input, output, images)), tokens: input + output }, now);
  }

  private async reserveCounters(workspaceId: string, applicable: EnforcedBudget[], estimate: Estimate, now: number): Promise<BudgetReservation | undefined> {
    const counters = applicable.map((budget) => counterOf(this.prefix, budget, now));
    try {
      for (let round = 0; round < MAX_ROUNDS; round += 1) {
        const outcome = await this.store.reserve(counters, estimate);
        if (outcome.kind === 'reserved') {
          this.metrics.budgetDecisions.inc({ outcome: 'admitted' });
          const limited = counters.map((counter, index) => ({ counter, generation: outcome.generations[index] ?? '' })).filter(({ counter }) => hasPeriodLimit(counter));
          return { periodKeys: limited.map(({ counter }) => counter.periodKey), generations: limited.map(({ generation }) => generation), estimate };
        }
        if (outcome.kind === 'refused') {
          this.metrics.budgetDecisions.inc({ outcome: 'refused' });
          throw mostRestrictive(outcome.refused.map(({ index, limit }) => ({ budget: applicable[index]!, limit })), now);
        }
        await Promise.all(outcome.indexes.map((index) => this.rebuild(workspaceId, applicable[index]!, counters[index]!, now)));
      }
    } catch (error) {
      if (error instanceof GatewayError) throw error;
      this.metrics.budgetDecisions.inc({ outcome: 'unavailable' });
      this.log.error({ err: error }, 'budgets could not be checked');
      throw budgetsUnavailable();
    }
    this.metrics.budgetDecisions.inc({ outcome: 'unavailable' });
    throw budgetsUnavailable();
  }

  /** Charges the call's actual cost and tokens in place of its estimate (after the answer; never throws). */
  settle(reservation: BudgetReservation | undefined, costUsd: number, tokens: number): void {
    if (reservation === undefined || reservation.periodKeys.length === 0) return;
    const actual: Estimate = { amountNanos: usdToNanos(costUsd), tokens };
    this.store.settle(reservation.periodKeys, reservation.generations, actual, reservation.estimate).catch((error: unknown) => {
      this.log.warn({ err: error }, 'a budget reservation could not be settled; the ledger rebuilds the counter if Redis lost it');
    });
  }

  /** A counter as Redis holds it (tests, diagnostics). */
  read(periodKey: string): Promise<{ amountNanos: number; tokens: number } | undefined> {
    return this.store.read(periodKey);
  }

  /** The counter keys of a budget now (tests, diagnostics). */
  counterOf(budget: EnforcedBudget): BudgetCounter {
    return counterOf(this.prefix, budget, this.now());
  }

  private async rebuild(workspaceId: string, budget: EnforcedBudget, counter: BudgetCounter, now: number): Promise<void> {
    const window = windowOf(budget, now);
    const totals = await this.budgets.consumption(workspaceId, budget.id, window.start, window.end ?? 0);
    const created = await this.store.rebuild(
      counter.periodKey,
      { amountNanos: Math.round(totals.amountUsd * NANOS_PER_USD), tokens: totals.tokens },
      randomBytes(6).toString('hex'),
      counter.ttlSeconds,
    );
    if (created) {
      this.metrics.budgetDecisions.inc({ outcome: 'rebuilt' });
      this.log.info({ budgetId: budget.id, periodStart: new Date(window.start).toISOString(), amountUsd: totals.amountUsd, tokens: totals.tokens }, 'budget counter rebuilt from the ledger');
    }
  }
}

function hasPeriodLimit(counter: BudgetCounter): boolean {
  return counter.amountLimitNanos >= 0 || counter.tokenLimit >= 0;
}

/** When a used-up limit frees up: the period's end (null: never by itself), or the next minute. */
function resetsAt(budget: EnforcedBudget, limit: RefusedLimit, now: number): number | null {
  return limit === 'requests_per_minute' ? minuteWindow(now).end : windowOf(budget, now).end;
}

/** The 429 of the refusal that lasts longest: the most restrictive budget wins. */
function mostRestrictive(refusals: Array<{ budget: EnforcedBudget; limit: RefusedLimit }>, now: number): GatewayError {
  const ranked = refusals
    .map((refusal) => ({ ...refusal, until: resetsAt(refusal.budget, refusal.limit, now) }))
    .sort((a, b) => (b.until ?? Number.MAX_SAFE_INTEGER) - (a.until ?? Number.MAX_SAFE_INTEGER));
  const { budget, limit, until } = ranked[0]!;
  const what = limit === 'amount' ? `its amount limit of $${budget.amountUsd}` : limit === 'tokens' ? `its limit of ${budget.tokenLimit} tokens` : `its limit of ${budget.requestsPerMinute} requests per minute`;
  const when = until === null ? 'It does not reset by itself (POST /v1/budgets/{id}/reset at the registry resets it).' : `It resets at ${new Date(until).toISOString()}.`;
  const headers: Record<string, string> = { [BUDGET_HEADERS.budget]: budget.id };
  if (until !== null) headers['retry-after'] = String(Math.max(1, Math.ceil((until - now) / 1000)));
  return new GatewayError(429, `Budget "${budget.name}" (${budget.id}) is used up: ${what} (${budget.period}) was reached. ${when}`, 'rate_limit_error', ERROR_CODES.budgetExceeded, null, headers);
}

function budgetsUnavailable(): GatewayError {
  return new GatewayError(503, 'Budgets cannot be checked right now (their store is unreachable). Retry shortly.', 'api_error', GATEWAY_ERROR_CODES.serviceUnavailable, null, { 'retry-after': '1' });
}
