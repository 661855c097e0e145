import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { workspaceRoot } from '@model-garden/testing';

/**
 * The Grafana dashboard (infra/grafana/model-garden.dashboard.json) may only query
 * series the services define: every `model_garden_*` name in its expressions must be
 * declared by an app's metrics (its `.metrics.ts`, or the platform's and registry's
 * workers that declare theirs through MetricsService). A renamed or removed metric
 * fails here instead of leaving an empty panel.
 */
const ROOT = workspaceRoot(__dirname);
const DASHBOARD = join(ROOT, 'infra/grafana/model-garden.dashboard.json');
const SOURCES = [...readdirSync(join(ROOT, 'apps')).map((app) => join(ROOT, 'apps', app, 'src')), join(ROOT, 'libs/platform/src')];

interface Dashboard {
  title: string;
  panels: { title: string; targets: { expr: string }[] }[];
}

function sourceFiles(dir: string): string[] {
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return [];
  }
  return entries.flatMap((entry) => {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith('.ts') && !path.endsWith('.spec.ts') ? [path] : [];
  });
}

/** Every metric the services declare, by full name, with whether it is a histogram. */
function declaredMetrics(): Map<string, 'histogram' | 'other'> {
  const declared = new Map<string, 'histogram' | 'other'>();
  for (const file of SOURCES.flatMap(sourceFiles)) {
    const text = readFileSync(file, 'utf8');
    const constants = new Map([...text.matchAll(/const ([A-Z_]+) = '([a-z0-9_]+)'/g)].map((m) => [m[1], m[2]]));
    // MetricsService's counter/gauge/histogram and their preset-series forms (presetCounter, presetHistogram).
    for (const m of text.matchAll(/\.(counter|gauge|histogram|presetCounter|presetGauge|presetHistogram)(?:<[^>]*>)?\(\s*(?:'([a-z0-9_]+)'|([A-Z_]+)\b)/g)) {
      const name = m[2] ?? constants.get(m[3]);
      if (name !== undefined) declared.set(`model_garden_${name}`, /histogram/i.test(m[1]!) ? 'histogram' : 'other');
    }
    for (const m of text.matchAll(/new (Counter|Gauge|Histogram)\(\{\s*name: '(model_garden_[a-z0-9_]+)'/g)) declared.set(m[2], m[1] === 'Histogram' ? 'histogram' : 'other');
  }
  return declared;
}

/** The `model_garden_*` series an expression reads that no service declares. */
function unknownSeries(expressions: string[], declared: Map<string, 'histogram' | 'other'>): string[] {
  const unknown = new Set<string>();
  for (const expr of expressions) {
    for (const [series] of expr.matchAll(/\bmodel_garden_[a-z0-9_]+/g)) {
      const base = series.replace(/_(bucket|sum|count)$/, '');
      const ok = declared.has(series) || (base !== series && declared.get(base) === 'histogram');
      if (!ok) unknown.add(series);
    }
  }
  return [...unknown];
}

describe('the Grafana dashboard', () => {
  const dashboard = JSON.parse(readFileSync(DASHBOARD, 'utf8')) as Dashboard;
  const expressions = dashboard.panels.flatMap((panel) => panel.targets.map((target) => target.expr));
  const declared = declaredMetrics();

  it('finds the metrics the services declare (the scan itself works)', () => {
    expect([...declared.keys()]).toEqual(
      expect.arrayContaining([
        'model_garden_gateway_requests_total',
        'model_garden_gateway_request_duration_seconds',
        'model_garden_validator_queue_jobs',
        'model_garden_outbox_lag_seconds',
        'model_garden_kafka_dead_letters_total',
        'model_garden_kafka_consumer_lag',
        'model_garden_http_requests_total',
      ]),
    );
    expect(declared.get('model_garden_gateway_request_duration_seconds')).toBe('histogram');
    expect(unknownSeries(['rate(model_garden_no_such_metric_total[5m])', 'model_garden_gateway_tokens_total_bucket'], declared)).toEqual([
      'model_garden_no_such_metric_total',
      'model_garden_gateway_tokens_total_bucket',
    ]);
  });

  it('queries only metrics that exist', () => {
    expect(expressions.length).toBeGreaterThan(10);
    expect(unknownSeries(expressions, declared)).toEqual([]);
  });

  it('covers requests, latency, errors, tokens and cost, validation, queue depth and consumer lag', () => {
    const titles = dashboard.panels.map((panel) => panel.title.toLowerCase()).join(' | ');
    for (const topic of ['requests', 'latency', 'errors', 'tokens', 'usage', 'validation', 'queue depth', 'consumer lag']) expect(titles).toContain(topic);
    for (const panel of dashboard.panels) expect(panel.targets.length).toBeGreaterThan(0);
  });
});
