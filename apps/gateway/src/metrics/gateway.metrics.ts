import { Injectable } from '@nestjs/common';
import { MetricsService } from '@model-garden/platform';
import { type Counter, type Gauge, type Histogram } from 'prom-client';

const LATENCY_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];

/**
 * The gateway's Prometheus series. `model` is the model's ref (bounded by the
 * catalogue); requests naming an unknown model are counted under `-`, so a client
 * cannot grow the label set.
 */
@Injectable()
export class GatewayMetrics {
  readonly requests: Counter<'endpoint' | 'model' | 'status'>;
  readonly duration: Histogram<'endpoint' | 'model' | 'status'>;
  readonly upstreamDuration: Histogram<'endpoint' | 'model' | 'status'>;
  readonly tokens: Counter<'model' | 'direction' | 'estimated'>;
  readonly images: Counter<'model'>;
  readonly cost: Counter<'model'>;
  readonly cacheLookups: Counter<'cache' | 'outcome'>;
  readonly retries: Counter<'model' | 'reason'>;
  readonly fallbacks: Counter<'from' | 'to'>;
  readonly inFlight: Gauge<'endpoint'>;
  readonly usageBuffered: Gauge<never>;
  readonly usagePublished: Counter<never>;
  readonly usageDropped: Counter<never>;
  readonly usagePublishFailures: Counter<never>;
  readonly invalidations: Counter<'kind'>;

  constructor(metrics: MetricsService) {
    this.requests = metrics.counter('gateway_requests_total', 'Inference requests answered, by endpoint, model and status', ['endpoint', 'model', 'status']);
    this.duration = metrics.histogram(
      'gateway_request_duration_seconds',
      'Inference request duration from arrival to the last byte',
      ['endpoint', 'model', 'status'],
      LATENCY_BUCKETS,
    );
    this.upstreamDuration = metrics.histogram(
      'gateway_upstream_duration_seconds',
      'Duration of one upstream call (each retry and fallback counted)',
      ['endpoint', 'model', 'status'],
      LATENCY_BUCKETS,
    );
    this.tokens = metrics.counter('gateway_tokens_total', 'Tokens served, by direction (input, output) and whether they were estimated', [
      'model',
      'direction',
      'estimated',
    ]);
    this.images = metrics.counter('gateway_images_total', 'Images generated', ['model']);
    this.cost = metrics.counter('gateway_cost_usd_total', 'Cost of the served requests in USD, from the models’ prices', ['model']);
    this.cacheLookups = metrics.counter('gateway_cache_lookups_total', 'Resolution cache lookups (hit, miss, negative_hit, stale)', ['cache', 'outcome']);
    this.retries = metrics.counter('gateway_upstream_retries_total', 'Upstream calls retried, by reason', ['model', 'reason']);
    this.fallbacks = metrics.counter('gateway_fallbacks_total', 'Requests that moved on to a fallback model', ['from', 'to']);
    this.inFlight = metrics.gauge('gateway_requests_in_flight', 'Inference requests being answered', ['endpoint']);
    this.usageBuffered = metrics.gauge('gateway_usage_events_buffered', 'Usage events waiting to be published', []);
    this.usagePublished = metrics.counter('gateway_usage_events_published_total', 'Usage events published to Kafka', []);
    this.usageDropped = metrics.counter('gateway_usage_events_dropped_total', 'Usage events dropped because the buffer was full', []);
    this.usagePublishFailures = metrics.counter('gateway_usage_publish_failures_total', 'Failed attempts to publish a batch of usage events', []);
    this.invalidations = metrics.counter('gateway_cache_invalidations_total', 'Cache invalidations applied from registry events', ['kind']);
  }
}
