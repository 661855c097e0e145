import { Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { PresetCounter, PresetHistogram, registerPreset } from './preset-series';

/** One Prometheus registry per process, with the default process metrics and HTTP metrics. */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();
  readonly httpRequests: Counter<'method' | 'route' | 'status'>;
  readonly httpDuration: Histogram<'method' | 'route' | 'status'>;

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'model_garden_' });
    this.httpRequests = this.counter('http_requests_total', 'HTTP requests answered', ['method', 'route', 'status']);
    this.httpDuration = this.histogram('http_request_duration_seconds', 'HTTP request duration', ['method', 'route', 'status'], [
      0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30,
    ]);
  }

  counter<L extends string>(name: string, help: string, labelNames: readonly L[]): Counter<L> {
    return new Counter({ name: `model_garden_${name}`, help, labelNames, registers: [this.registry] });
  }

  /** `collect` runs before each scrape (to set the gauge from state kept elsewhere, off the hot path). */
  gauge<L extends string>(name: string, help: string, labelNames: readonly L[], collect?: (gauge: Gauge<L>) => void): Gauge<L> {
    return new Gauge({
      name: `model_garden_${name}`,
      help,
      labelNames,
      registers: [this.registry],
      ...(collect ? { collect(this: Gauge<L>) { collect(this); } } : {}),
    });
  }

  histogram<L extends string>(name: string, help: string, labelNames: readonly L[], buckets?: number[]): Histogram<L> {
    return new Histogram({ name: `model_garden_${name}`, help, labelNames, registers: [this.registry], ...(buckets ? { buckets } : {}) });
  }

  /** A counter for a hot path: its series are resolved once and then updated without hashing labels (see PresetCounter). */
  presetCounter<L extends string>(name: string, help: string, labelNames: readonly L[]): PresetCounter<L> {
    const metric = new PresetCounter(`model_garden_${name}`, help, labelNames);
    registerPreset(this.registry, metric);
    return metric;
  }

  /** A histogram for a hot path (see PresetHistogram). */
  presetHistogram<L extends string>(name: string, help: string, labelNames: readonly L[], buckets: readonly number[]): PresetHistogram<L> {
    const metric = new PresetHistogram(`model_garden_${name}`, help, labelNames, buckets);
    registerPreset(this.registry, metric);
    return metric;
  }
}
