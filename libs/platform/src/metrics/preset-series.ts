import { type Registry } from 'prom-client';

/** One line of a metric as prom-client's registry prints it (`labels` first, then `sharedLabels`). */
interface MetricLine {
  metricName?: string;
  labels: Record<string, string | number>;
  sharedLabels?: Record<string, string>;
  value: number;
  exemplar?: null;
}

interface MetricSnapshot {
  name: string;
  help: string;
  type: 'counter' | 'histogram';
  values: MetricLine[];
  aggregator: 'sum';
}

/** A counter's series for one set of label values: `inc` is an addition, nothing else. */
export class CounterSeries {
  value = 0;
  constructor(readonly labels: Readonly<Record<string, string>>) {}

  inc(amount = 1): void {
    this.value += amount;
  }
}

/** A histogram's series for one set of label values: `observe` finds the bucket and adds. */
export class HistogramSeries {
  sum = 0;
  count = 0;
  /** Observations per bucket (not cumulative); the last slot is above every bound (+Inf). */
  readonly buckets: Float64Array;

  constructor(
    readonly labels: Readonly<Record<string, string>>,
    private readonly bounds: readonly number[],
  ) {
    this.buckets = new Float64Array(bounds.length + 1);
  }

  observe(value: number): void {
    const bounds = this.bounds;
    let index = 0;
    while (index < bounds.length && value > bounds[index]) index += 1;
    this.buckets[index] += 1;
    this.sum += value;
    this.count += 1;
  }
}

/**
 * Counters and histograms for hot paths. prom-client hashes the label object on every
 * `inc` and `observe` (its `labels()` children too); here a series is resolved once
 * (`series(labels)`, a Map lookup by the label values) and kept by the caller, so an
 * observation is a few additions. The registry prints them exactly as prom-client's own.
 */
abstract class PresetMetric<L extends string, S extends CounterSeries | HistogramSeries> {
  private readonly all = new Map<string, S>();

  constructor(
    readonly name: string,
    readonly help: string,
    protected readonly labelNames: readonly L[],
  ) {}

  /** The series of these label values (created on first use). Keep it where the labels are known in advance. */
  series(labels: Readonly<Record<L, string>>): S {
    let key = '';
    for (const name of this.labelNames) key += `${labels[name]}\u0000`;
    let series = this.all.get(key);
    if (series === undefined) {
      const own: Record<string, string> = {};
      for (const name of this.labelNames) own[name] = labels[name];
      series = this.create(own);
      this.all.set(key, series);
    }
    return series;
  }

  reset(): void {
    this.all.clear();
  }

  protected values(): Iterable<S> {
    return this.all.values();
  }

  protected abstract create(labels: Record<string, string>): S;
}

export class PresetCounter<L extends string> extends PresetMetric<L, CounterSeries> {
  readonly type = 'counter';

  inc(labels: Readonly<Record<L, string>>, amount = 1): void {
    this.series(labels).inc(amount);
  }

  get(): Promise<MetricSnapshot> {
    const values: MetricLine[] = [];
    for (const series of this.values()) values.push({ labels: { ...series.labels }, value: series.value });
    return Promise.resolve({ name: this.name, help: this.help, type: 'counter', values, aggregator: 'sum' });
  }

  protected create(labels: Record<string, string>): CounterSeries {
    return new CounterSeries(labels);
  }
}

export class PresetHistogram<L extends string> extends PresetMetric<L, HistogramSeries> {
  readonly type = 'histogram';

  constructor(name: string, help: string, labelNames: readonly L[], private readonly bounds: readonly number[]) {
    super(name, help, labelNames);
  }

  observe(labels: Readonly<Record<L, string>>, value: number): void {
    this.series(labels).observe(value);
  }

  /** prom-client's histogram lines: cumulative `_bucket` per bound then `+Inf`, `_sum`, `_count`. */
  getForPromString(): Promise<MetricSnapshot> {
    const values: MetricLine[] = [];
    const bucket = `${this.name}_bucket`;
    for (const series of this.values()) {
      const sharedLabels = { ...series.labels };
      let cumulative = 0;
      this.bounds.forEach((bound, index) => {
        cumulative += series.buckets[index];
        values.push({ metricName: bucket, labels: { le: bound }, sharedLabels, value: cumulative, exemplar: null });
      });
      values.push({ metricName: bucket, labels: { le: '+Inf' }, sharedLabels, value: series.count, exemplar: null });
      values.push({ metricName: `${this.name}_sum`, labels: {}, sharedLabels, value: series.sum });
      values.push({ metricName: `${this.name}_count`, labels: {}, sharedLabels, value: series.count });
    }
    return Promise.resolve({ name: this.name, help: this.help, type: 'histogram', values, aggregator: 'sum' });
  }

  /** The same lines with the series' labels merged in (as prom-client's `get`). */
  async get(): Promise<MetricSnapshot> {
    const snapshot = await this.getForPromString();
    snapshot.values = snapshot.values.map(({ sharedLabels, labels, ...rest }) => ({ ...rest, labels: { ...labels, ...sharedLabels } }));
    return snapshot;
  }

  protected create(labels: Record<string, string>): HistogramSeries {
    return new HistogramSeries(labels, this.bounds);
  }
}

/** Registers a preset metric in a prom-client registry (it prints it like its own). */
export function registerPreset(registry: Registry, metric: PresetCounter<string> | PresetHistogram<string>): void {
  registry.registerMetric(metric as unknown as Parameters<Registry['registerMetric']>[0]);
}
