import { randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { isRegion, type UsageRecordedData } from '@model-garden/contracts';
import { type AppLogger, LOGGER } from '@model-garden/platform';
import { BudgetGuard } from '../budgets/budget-guard.service';
import { ResponseCache } from '../cache/response-cache.service';
import { GatewayConfig } from '../config/gateway.config';
import { type InboundRequest } from '../http/http-io.util';
import { type Exchange } from '../inference/exchange';
import { GatewayMetrics } from '../metrics/gateway.metrics';
import { GATEWAY_ERROR_CODES } from '../shared/gateway.exception';
import { costUsd, settleTokens } from './usage-meter.util';
import { UsageRecorder } from './usage-recorder.service';

/**
 * What happens as an inference request is answered (or refused): its status settled,
 * one UsageRecorded event when a model was resolved for a key (tokens settled: reported,
 * or estimated when the upstream sent none or an implausible count; cost from the
 * model's prices), recorded right before the answer's last write (`settle`, so it is in
 * the usage journal before the client has the whole answer); then the request metrics
 * and one access log line (GATEWAY_ACCESS_LOG: all, errors or none).
 */
@Injectable()
export class UsageAccountant {
  private readonly log: AppLogger;
  private readonly maxUsageTokens: number;

  constructor(
    private readonly config: GatewayConfig,
    private readonly usage: UsageRecorder,
    private readonly metrics: GatewayMetrics,
    private readonly budgets: BudgetGuard,
    private readonly responseCache: ResponseCache,
    @Inject(LOGGER) logger: AppLogger,
  ) {
    this.log = logger.child({ component: 'inference' });
    this.maxUsageTokens = config.GATEWAY_MAX_USAGE_TOKENS;
  }

  /**
   * Settles a request's usage, once: its status (499 when the client left, else 500, if
   * none was set), the budgets charged the actual cost, a miss's answer stored in the
   * cache, the tokens counted, and one UsageRecorded event (when a model was resolved for
   * a key). Runs right before the answer's last write (`Exchange.lastWrite`, the
   * exchange's `settler`), else after the answer (`account`). Bound: one function for
   * every exchange.
   */
  readonly settle = (exchange: Exchange): void => {
    exchange.settled = true;
    if (exchange.status === 0) exchange.status = exchange.clientGone ? 499 : reply500(exchange);
    const model = exchange.model;
    if (model !== undefined && exchange.key !== undefined) {
      const consumption = exchange.consumption;
      // Once the answer started (a stream cut or abandoned included), the upstream did the work: count it.
      const served = exchange.committed;
      const tokens = settleTokens(exchange.spec.endpoint, consumption, served, exchange.body, this.maxUsageTokens);
      if (tokens.implausible) {
        this.log.warn(
          { requestId: exchange.requestId, model: model.ref, inputTokens: consumption.inputTokens, outputTokens: consumption.outputTokens, max: this.maxUsageTokens },
          'the upstream reported an implausible token count; recording an estimate',
        );
      }
      const { inputTokens, outputTokens, estimated } = tokens;
      // A cache hit costs nothing; what it saved is the first call's cost. Budgets are charged the actual cost.
      const hit = exchange.cache?.hit;
      const cost = served && hit === undefined ? costUsd(model.pricing, inputTokens, outputTokens, consumption.images) : 0;
      this.budgets.settle(exchange.budget, cost, served ? inputTokens + outputTokens : 0);
      if (exchange.cache !== undefined && hit === undefined && served && exchange.status === 200) {
        this.responseCache.store(exchange.cache, exchange.spec.endpoint, { inputTokens, outputTokens, costUsd: cost });
      }
      if (served) {
        if (inputTokens > 0) this.metrics.countTokens('input', estimated, inputTokens);
        if (outputTokens > 0) this.metrics.countTokens('output', estimated, outputTokens);
        if (consumption.images > 0) this.metrics.images.inc(consumption.images);
      }
      const now = new Date();
      const event: UsageRecordedData = {
        requestId: usageRequestId(exchange.requestId, exchange.clientChoseId),
        workspaceId: exchange.key.workspaceId,
        apiKeyId: exchange.key.apiKeyId,
        modelId: model.id,
        modelRef: model.ref,
        endpoint: exchange.spec.endpoint,
        status: exchange.status,
        inputTokens,
        outputTokens,
        estimated,
        costUsd: cost,
        latencyMs: Math.round(exchange.elapsedMs()),
        streamed: exchange.streamed,
        occurredAt: now.toISOString(),
      };
      if (exchange.errorCode !== undefined) event.errorCode = exchange.errorCode;
      if (isRegion(model.region)) event.region = model.region;
      if (consumption.images > 0) event.images = consumption.images;
      if (hit !== undefined) {
        event.cached = true;
        event.savedCostUsd = hit.costUsd;
      }
      if (exchange.deployment !== undefined) {
        event.deploymentId = exchange.deployment.id;
        event.deploymentKey = exchange.deployment.key;
        event.deploymentVersion = exchange.deployment.version;
        event.deploymentVariant = exchange.deployment.variant;
      }
      // The request span is the event's parent, not the upstream attempt that may still be active.
      this.usage.record(event, now, exchange.trace?.requestContext());
      exchange.trace?.finish(event, model);
    }
  };

  /** After the answer: its usage settled unless that was done before the last write, the request metrics, one access log line. `body` is the client's, for estimates. */
  account(exchange: Exchange, request: InboundRequest, body: Record<string, unknown> | undefined): void {
    if (!exchange.settled) {
      exchange.body ??= body;
      exchange.clientChoseId = request.clientRequestId;
      this.settle(exchange);
    }
    const latencyMs = exchange.elapsedMs();
    const model = exchange.model;
    this.metrics.endpoint(exchange.spec.endpoint).answer(exchange.status, latencyMs / 1000);

    const access = this.config.GATEWAY_ACCESS_LOG;
    if (access === 'all' || (access === 'errors' && exchange.status >= 400)) {
      this.log[exchange.status >= 500 ? 'warn' : 'info'](
        {
          requestId: exchange.requestId,
          endpoint: exchange.spec.endpoint,
          workspaceId: exchange.key?.workspaceId,
          model: model?.ref,
          deployment: exchange.deployment,
          status: exchange.status,
          errorCode: exchange.errorCode,
          streamed: exchange.streamed,
          attempts: exchange.attempts,
          fallbacks: exchange.fallbacksUsed,
          latencyMs: Math.round(latencyMs * 100) / 100,
          upstreamMs: Math.round(exchange.upstreamMs * 100) / 100,
        },
        'inference',
      );
    }
  }
}

function reply500(exchange: Exchange): number {
  exchange.errorCode ??= GATEWAY_ERROR_CODES.internal;
  return 500;
}

/**
 * The request id of the usage event. The registry keeps one record per id, so an id
 * the client chose (and might reuse) gets a random suffix: every request is counted.
 */
export function usageRequestId(requestId: string, chosenByClient: boolean): string {
  return chosenByClient ? `${requestId.slice(0, 100)}~${randomBytes(6).toString('hex')}` : requestId;
}
