import { Injectable } from '@nestjs/common';
import { MetricsService } from '@model-garden/platform';
import { type Counter, type Gauge, type Histogram } from 'prom-client';

const LATENCY_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];

/**
 * The gateway's Prometheus series, served on the internal listener only. No series is
 * labelled by tenant (workspace, key or model ref): operators see the gateway's health
 * by endpoint and status, and a tenant's traffic and cost belong to that tenant's
 * `/v1/usage`. That also keeps the label set fixed whatever clients send.
 */
@Injectable()
export class GatewayMetrics {
  readonly requests: Counter<'endpoint' | 'status'>;
  readonly duration: Histogram<'endpoint' | 'status'>;
  readonly upstreamDuration: Histogram<'endpoint' | 'status'>;
  readonly tokens: Counter<'direction' | 'estimated'>;
  readonly images: Counter<never>;
  readonly cacheLookups: Counter<'cache' | 'outcome'>;
  readonly retries: Counter<'reason'>;
  readonly fallbacks: Counter<never>;
  readonly inFlight: Gauge<'endpoint'>;
  readonly usageBuffered: Gauge<never>;
  readonly usagePublished: Counter<never>;
  readonly usageDropped: Counter<never>;
  readonly usagePublishFailures: Counter<never>;
  readonly invalidations: Counter<'kind'>;
  readonly responseCache: Counter<'outcome'>;
  readonly responseCacheBytes: Counter<'direction'>;
  readonly budgetDecisions: Counter<'outcome'>;

  constructor(metrics: MetricsService) {
    this.requests = metrics.counter('gateway_requests_total', 'Inference requests answered, by endpoint and status', ['endpoint', 'status']);
    this.duration = metrics.histogram(
      'gateway_request_duration_seconds',
      'Inference request duration from arrival to the last byte',
      ['endpoint', 'status'],
      LATENCY_BUCKETS,
    );
    this.upstreamDuration = metrics.histogram(
      'gateway_upstream_duration_seconds',
      'Duration of one upstream call (each retry and fallback counted)',
      ['endpoint', 'status'],
      LATENCY_BUCKETS,
    );
    this.tokens = metrics.counter('gateway_tokens_total', 'Tokens served, by direction (input, output) and whether they were estimated', ['direction', 'estimated']);
    this.images = metrics.counter('gateway_images_total', 'Images generated', []);
    this.cacheLookups = metrics.counter('gateway_cache_lookups_total', 'Resolution cache lookups (hit, miss, negative_hit, stale)', ['cache', 'outcome']);
    this.retries = metrics.counter('gateway_upstream_retries_total', 'Upstream calls retried, by reason', ['reason']);
    this.fallbacks = metrics.counter('gateway_fallbacks_total', 'Requests that moved on to a fallback model', []);
    this.inFlight = metrics.gauge('gateway_requests_in_flight', 'Inference requests being answered', ['endpoint']);
    this.usageBuffered = metrics.gauge('gateway_usage_events_buffered', 'Usage events waiting to be published', []);
    this.usagePublished = metrics.counter('gateway_usage_events_published_total', 'Usage events published to Kafka', []);
    this.usageDropped = metrics.counter('gateway_usage_events_dropped_total', 'Usage events dropped because the buffer was full', []);
    this.usagePublishFailures = metrics.counter('gateway_usage_publish_failures_total', 'Failed attempts to publish a batch of usage events', []);
    this.invalidations = metrics.counter('gateway_cache_invalidations_total', 'Cache invalidations applied from registry events', ['kind']);
    this.responseCache = metrics.counter('gateway_response_cache_total', 'Exact-match response cache lookups and stores (hit, miss, stored, too_large, error)', ['outcome']);
    this.responseCacheBytes = metrics.counter('gateway_response_cache_bytes_total', 'Bytes the exact-match response cache served (hit) and stored (stored)', ['direction']);
    this.budgetDecisions = metrics.counter('gateway_budget_decisions_total', 'Budget checks before upstream calls (admitted, refused, rebuilt counters, unavailable)', ['outcome']);
  }
}
