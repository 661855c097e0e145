import { Injectable } from '@nestjs/common';
import { type CounterSeries, type HistogramSeries, MetricsService, type PresetCounter, type PresetHistogram } from '@model-garden/platform';
import { type Counter, type Gauge } from 'prom-client';

const LATENCY_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];

/**
 * The gateway's Prometheus series, served on the internal listener only. No series is
 * labelled by tenant (workspace, key or model ref): operators see the gateway's health
 * by endpoint and status, and a tenant's traffic and cost belong to that tenant's
 * `/v1/usage`. That also keeps the label set fixed whatever clients send.
 */
@Injectable()
export class GatewayMetrics {
  readonly requests: PresetCounter<'endpoint' | 'status'>;
  readonly duration: PresetHistogram<'endpoint' | 'status'>;
  readonly upstreamDuration: PresetHistogram<'endpoint' | 'status'>;
  readonly tokens: PresetCounter<'direction' | 'estimated'>;
  readonly images: Counter<never>;
  readonly cacheLookups: PresetCounter<'cache' | 'outcome'>;
  readonly retries: Counter<'reason'>;
  readonly fallbacks: Counter<never>;
  readonly inFlight: Gauge<'endpoint'>;
  readonly usageBuffered: Gauge<never>;
  readonly usagePublished: Counter<never>;
  readonly usageDropped: Counter<never>;
  readonly usagePublishFailures: Counter<never>;
  readonly usageJournalSegments: Gauge<never>;
  readonly usageReplayed: Counter<never>;
  readonly usageJournalFailures: Counter<never>;
  readonly invalidations: Counter<'kind'>;
  readonly responseCache: Counter<'outcome'>;
  readonly responseCacheBytes: Counter<'direction'>;
  readonly budgetDecisions: Counter<'outcome'>;
  private readonly endpoints = new Map<string, EndpointSeries>();
  /** Tokens served: input/output × reported/estimated, each series resolved on first use. */
  private readonly tokenSeries: Array<CounterSeries | undefined> = [undefined, undefined, undefined, undefined];

  constructor(metrics: MetricsService) {
    this.requests = metrics.presetCounter('gateway_requests_total', 'Inference requests answered, by endpoint and status', ['endpoint', 'status']);
    this.duration = metrics.presetHistogram(
      'gateway_request_duration_seconds',
      'Inference request duration from arrival to the last byte',
      ['endpoint', 'status'],
      LATENCY_BUCKETS,
    );
    this.upstreamDuration = metrics.presetHistogram(
      'gateway_upstream_duration_seconds',
      'Duration of one upstream call (each retry and fallback counted)',
      ['endpoint', 'status'],
      LATENCY_BUCKETS,
    );
    this.tokens = metrics.presetCounter('gateway_tokens_total', 'Tokens served, by direction (input, output) and whether they were estimated', ['direction', 'estimated']);
    this.images = metrics.counter('gateway_images_total', 'Images generated', []);
    this.cacheLookups = metrics.presetCounter('gateway_cache_lookups_total', 'Resolution cache lookups (hit, miss, negative_hit, stale)', ['cache', 'outcome']);
    this.retries = metrics.counter('gateway_upstream_retries_total', 'Upstream calls retried, by reason', ['reason']);
    this.fallbacks = metrics.counter('gateway_fallbacks_total', 'Requests that moved on to a fallback model', []);
    this.inFlight = metrics.gauge('gateway_requests_in_flight', 'Inference requests being answered', ['endpoint'], (gauge) => {
      for (const [endpoint, series] of this.endpoints) gauge.set({ endpoint }, series.inFlight);
    });

    this.usageBuffered = metrics.gauge('gateway_usage_events_buffered', 'Usage events waiting to be published', []);
    this.usagePublished = metrics.counter('gateway_usage_events_published_total', 'Usage events published to Kafka', []);
    this.usageDropped = metrics.counter('gateway_usage_events_dropped_total', 'Usage events dropped because the buffer was full', []);
    this.usagePublishFailures = metrics.counter('gateway_usage_publish_failures_total', 'Failed attempts to publish a batch of usage events', []);
    this.usageJournalSegments = metrics.gauge('gateway_usage_journal_segments', 'Usage journal files on disk (events not yet acknowledged by Kafka, and the current file)', []);
    this.usageReplayed = metrics.counter('gateway_usage_events_replayed_total', 'Usage events found in the journal at start (left by a previous process) and published again', []);
    this.usageJournalFailures = metrics.counter('gateway_usage_journal_failures_total', 'Usage events that could not be appended to the journal (kept in memory only)', []);
    this.invalidations = metrics.counter('gateway_cache_invalidations_total', 'Cache invalidations applied from registry events', ['kind']);
    this.responseCache = metrics.counter('gateway_response_cache_total', 'Exact-match response cache lookups and stores (hit, miss, stored, too_large, error)', ['outcome']);
    this.responseCacheBytes = metrics.counter('gateway_response_cache_bytes_total', 'Bytes the exact-match response cache served (hit) and stored (stored)', ['direction']);
    this.budgetDecisions = metrics.counter('gateway_budget_decisions_total', 'Budget checks before upstream calls (admitted, refused, rebuilt counters, unavailable)', ['outcome']);
  }

  /** The series of one endpoint's requests (in flight, answered by status, upstream calls by status), resolved once. */
  endpoint(endpoint: string): EndpointSeries {
    let series = this.endpoints.get(endpoint);
    if (series === undefined) {
      series = new EndpointSeries(endpoint, this.requests, this.duration, this.upstreamDuration);
      this.endpoints.set(endpoint, series);
    }
    return series;
  }

  /** A counter of one resolution cache's lookups by outcome (hit, miss, negative_hit, stale), each series resolved on first use. */
  cacheLookupCounter(cache: string): (outcome: string) => void {
    const byOutcome = new Map<string, CounterSeries>();
    return (outcome) => {
      let series = byOutcome.get(outcome);
      if (series === undefined) {
        series = this.cacheLookups.series({ cache, outcome });
        byOutcome.set(outcome, series);
      }
      series.inc();
    };
  }

  /** Counts tokens served (`estimated` or reported by the upstream). */
  countTokens(direction: 'input' | 'output', estimated: boolean, tokens: number): void {
    const slot = (direction === 'input' ? 0 : 2) + (estimated ? 1 : 0);
    let series = this.tokenSeries[slot];
    if (series === undefined) {
      series = this.tokens.series({ direction, estimated: String(estimated) });
      this.tokenSeries[slot] = series;
    }
    series.inc(tokens);
  }
}

/**
 * What one endpoint's requests update, with each (endpoint, status) series resolved the
 * first time that status occurs: the hot path then only adds to numbers. The in-flight
 * count is read into its gauge when /metrics is scraped.
 */
export class EndpointSeries {
  inFlight = 0;
  private readonly answered = new Map<number, { requests: CounterSeries; duration: HistogramSeries }>();
  private readonly upstreamCalls = new Map<string, HistogramSeries>();

  constructor(
    private readonly endpoint: string,
    private readonly requests: PresetCounter<'endpoint' | 'status'>,
    private readonly duration: PresetHistogram<'endpoint' | 'status'>,
    private readonly upstreamDuration: PresetHistogram<'endpoint' | 'status'>,
  ) {}

  /** One request answered with `status`, `seconds` after it arrived. */
  answer(status: number, seconds: number): void {
    let series = this.answered.get(status);
    if (series === undefined) {
      const labels = { endpoint: this.endpoint, status: String(status) };
      series = { requests: this.requests.series(labels), duration: this.duration.series(labels) };
      this.answered.set(status, series);
    }
    series.requests.inc();
    series.duration.observe(seconds);
  }

  /** One upstream call that ended with `status` (the upstream's, or 499/502/503/504 for a call that threw). */
  upstreamCall(status: string, seconds: number): void {
    let series = this.upstreamCalls.get(status);
    if (series === undefined) {
      series = this.upstreamDuration.series({ endpoint: this.endpoint, status });
      this.upstreamCalls.set(status, series);
    }
    series.observe(seconds);
  }
}
