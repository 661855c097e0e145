import { type CreateWorkspaceResponse, type ErrorBody, type UsageGroupBy, type UsageRecordedData, type UsageReport, type UsageRequestsPage } from '@model-garden/contracts';
import { PermanentEventError } from '@model-garden/platform';
import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import { decodeHistogram, histogramQuantile, LATENCY_BUCKET_COUNT, latencyBucket } from '../src/usage/latency-histogram.util';
import { GetUsageReportCommand } from '../src/usage/usecases/get-usage-report/get-usage-report.command';
import { GetUsageReportUseCase } from '../src/usage/usecases/get-usage-report/get-usage-report.usecase';
import { MaintainUsageStorageCommand } from '../src/usage/usecases/maintain-usage-storage/maintain-usage-storage.command';
import { MaintainUsageStorageUseCase } from '../src/usage/usecases/maintain-usage-storage/maintain-usage-storage.usecase';
import { RecordUsageBatchCommand } from '../src/usage/usecases/record-usage/record-usage-batch.command';
import { RecordUsageCommand } from '../src/usage/usecases/record-usage/record-usage.command';
import { RecordUsageUseCase } from '../src/usage/usecases/record-usage/record-usage.usecase';
import { type RegistryHarness, startRegistry } from './registry-harness';

const DAY_MS = 86_400_000;
const TODAY = Math.floor(Date.now() / DAY_MS) * DAY_MS;
const dayOf = (offset: number): string => new Date(TODAY + offset * DAY_MS).toISOString().slice(0, 10);
type Level = 'minute' | 'hour' | 'day';
const LEVEL_MS: Record<Level, number> = { minute: 60_000, hour: 3_600_000, day: DAY_MS };

/** What one rollup row must hold: sums over the raw records of its bucket and dimensions. */
interface Figures {
  requests: number;
  errors: number;
  inputTokens: number;
  outputTokens: number;
  images: number;
  costUsd: number;
  histogram: number[];
}

function emptyFigures(): Figures {
  return { requests: 0, errors: 0, inputTokens: 0, outputTokens: 0, images: 0, costUsd: 0, histogram: new Array<number>(LATENCY_BUCKET_COUNT).fill(0) };
}

function add(figures: Figures, r: UsageRecordedData): void {
  figures.requests++;
  if (r.status >= 400) figures.errors++;
  figures.inputTokens += r.inputTokens;
  figures.outputTokens += r.outputTokens;
  figures.images += r.images ?? 0;
  figures.costUsd += r.costUsd;
  figures.histogram[latencyBucket(Math.round(r.latencyMs))]!++;
}

const dimensionsOf = (r: UsageRecordedData): string =>
  [r.modelId, r.modelRef, r.apiKeyId, r.endpoint, Math.floor(r.status / 100), r.deploymentKey ?? '-', r.deploymentVersion ?? '-', r.deploymentVariant ?? '-'].join('|');

/** Rollups, per bucket and dimensions, computed here from the records (independently of the SQL). */
function expectedRollups(records: UsageRecordedData[], level: Level): Map<string, Figures> {
  const map = new Map<string, Figures>();
  for (const r of records) {
    const bucket = Math.floor(Date.parse(r.occurredAt) / LEVEL_MS[level]) * LEVEL_MS[level];
    const key = `${new Date(bucket).toISOString()}|${dimensionsOf(r)}`;
    const figures = map.get(key) ?? emptyFigures();
    add(figures, r);
    map.set(key, figures);
  }
  return map;
}

interface RollupRow {
  bucket: Date;
  model_id: string;
  model_ref: string;
  api_key_id: string;
  endpoint: string;
  status_class: number;
  deployment_key: string | null;
  deployment_version: number | null;
  deployment_variant: string | null;
  requests: string;
  errors: string;
  input_tokens: string;
  output_tokens: string;
  images: string;
  cost_usd: number;
  latency_histogram: string;
}

/**
 * Rollups against the raw records they sum: random traffic (a property test), duplicates,
 * late events, retention that drops raw partitions whole, and the per-request drill-down.
 * Records go through RecordUsageUseCase, the consumer's path (the Kafka side is covered by
 * usage.integration-spec.ts and dead-letters.integration-spec.ts).
 */
describe('usage rollups, retention and drill-down', () => {
  let registry: RegistryHarness;
  let acme: CreateWorkspaceResponse;
  let record: RecordUsageUseCase;

  const usage = (workspaceId: string, overrides: Partial<UsageRecordedData> = {}): UsageRecordedData => ({
    requestId: randomUUID(),
    workspaceId,
    apiKeyId: 'key-1',
    modelId: 'model-a',
    modelRef: 'acme@openailike/model-a',
    endpoint: 'chat.completions',
    status: 200,
    inputTokens: 10,
    outputTokens: 5,
    estimated: false,
    costUsd: 0.001,
    latencyMs: 100,
    streamed: false,
    occurredAt: `${dayOf(-1)}T10:00:00.000Z`,
    ...overrides,
  });
  const store = (records: UsageRecordedData[]) => record.execute(RecordUsageBatchCommand.compose({ usage: records.map((r) => RecordUsageCommand.create(r)) }));

  async function rollups(workspaceId: string, level: Level): Promise<Map<string, Figures>> {
    const { rows } = await registry.db.query<RollupRow>(`SELECT *, latency_histogram::text AS latency_histogram FROM usage_rollups_${level} WHERE workspace_id = $1`, [workspaceId]);
    const map = new Map<string, Figures>();
    for (const row of rows) {
      const dims = [row.model_id, row.model_ref, row.api_key_id, row.endpoint, row.status_class, row.deployment_key ?? '-', row.deployment_version ?? '-', row.deployment_variant ?? '-'].join('|');
      const key = `${row.bucket.toISOString()}|${dims}`;
      expect(map.has(key)).toBe(false);
      map.set(key, {
        requests: Number(row.requests),
        errors: Number(row.errors),
        inputTokens: Number(row.input_tokens),
        outputTokens: Number(row.output_tokens),
        images: Number(row.images),
        costUsd: row.cost_usd,
        histogram: decodeHistogram(row.latency_histogram),
      });
    }
    return map;
  }

  /** Compares maps of figures, costs to 1e-9 (floating-point sums in another order). */
  function expectSameFigures(actual: Map<string, Figures>, expected: Map<string, Figures>): void {
    expect([...actual.keys()].sort()).toEqual([...expected.keys()].sort());
    for (const [key, figures] of expected) {
      const got = actual.get(key)!;
      expect({ ...got, costUsd: 0 }).toEqual({ ...figures, costUsd: 0 });
      expect(got.costUsd).toBeCloseTo(figures.costUsd, 9);
    }
  }

  async function report(query: string, token = acme.apiKey.key) {
    return registry.request<UsageReport & ErrorBody>('GET', `/v1/usage?${query}`, { token });
  }

  async function requests(query: string, token = acme.apiKey.key) {
    return registry.request<UsageRequestsPage & ErrorBody>('GET', `/v1/usage/requests?${query}`, { token });
  }

  beforeAll(async () => {
    registry = await startRegistry('usage_rollups');
    acme = await registry.createWorkspace('acme');
    record = registry.app.get(RecordUsageUseCase);
  });

  afterAll(async () => {
    await registry?.close();
  });

  it('keeps every rollup level equal to sums over the raw records, and every report equal to sums over its range, for random traffic', async () => {
    const start = TODAY - 3 * DAY_MS;
    const span = 3 * DAY_MS;
    const arbitraryRecord = fc.record({
      // Anywhere in three days, or within 1.5 s of an hour's edge (buckets' bounds).
      offsetMs: fc.oneof(fc.integer({ min: 0, max: span - 1 }), fc.tuple(fc.integer({ min: 0, max: 71 }), fc.integer({ min: -1_500, max: 1_500 })).map(([h, d]) => Math.max(0, h * 3_600_000 + d))),
      model: fc.constantFrom('a', 'b', 'c'),
      apiKeyId: fc.constantFrom('key-1', 'key-2'),
      endpoint: fc.constantFrom('chat.completions', 'embeddings'),
      status: fc.constantFrom(200, 200, 200, 201, 400, 429, 500, 502),
      inputTokens: fc.integer({ min: 0, max: 100_000 }),
      outputTokens: fc.integer({ min: 0, max: 100_000 }),
      images: fc.option(fc.integer({ min: 0, max: 4 }), { nil: undefined }),
      costUsd: fc.double({ min: 0, max: 1, noNaN: true }),
      latencyMs: fc.oneof(fc.integer({ min: 0, max: 2_000 }), fc.double({ min: 0, max: 3_000_000, noNaN: true })),
      deployment: fc.option(fc.record({ key: fc.constantFrom('support', 'search'), version: fc.integer({ min: 1, max: 3 }), variant: fc.constantFrom('a', 'b') }), { nil: undefined }),
    });
    const arbitraryRange = fc.tuple(fc.integer({ min: 0, max: span }), fc.integer({ min: 1, max: span }));

    await fc.assert(
      fc.asyncProperty(fc.array(arbitraryRecord, { minLength: 1, maxLength: 120 }), fc.integer({ min: 1, max: 40 }), fc.array(arbitraryRange, { minLength: 1, maxLength: 3 }), async (generated, batchSize, ranges) => {
        const workspaceId = randomUUID();
        const records = generated.map((g) =>
          usage(workspaceId, {
            occurredAt: new Date(start + Math.min(g.offsetMs, span - 1)).toISOString(),
            modelId: `model-${g.model}`,
            modelRef: `acme@openailike/model-${g.model}`,
            apiKeyId: g.apiKeyId,
            endpoint: g.endpoint as UsageRecordedData['endpoint'],
            status: g.status,
            ...(g.status >= 400 ? { errorCode: 'provider_error' } : {}),
            inputTokens: g.inputTokens,
            outputTokens: g.outputTokens,
            ...(g.images !== undefined ? { images: g.images } : {}),
            costUsd: g.costUsd,
            latencyMs: g.latencyMs,
            ...(g.deployment ? { deploymentId: randomUUID(), deploymentKey: g.deployment.key, deploymentVersion: g.deployment.version, deploymentVariant: g.deployment.variant } : {}),
          }),
        );
        // Batches of random sizes, a few records sent twice (redelivery), in an order that is not time order.
        const sent = [...records, ...records.filter((_, i) => i % 7 === 0)];
        for (let i = 0; i < sent.length; i += batchSize) await store(sent.slice(i, i + batchSize));

        for (const level of ['minute', 'hour', 'day'] as const) expectSameFigures(await rollups(workspaceId, level), expectedRollups(records, level));

        for (const [a, length] of ranges) {
          const from = start + a;
          const to = Math.min(start + span, from + length);
          if (from >= to) continue;
          const inRange = records.filter((r) => Date.parse(r.occurredAt) >= from && Date.parse(r.occurredAt) < to);
          const expected = emptyFigures();
          for (const r of inRange) add(expected, r);
          const result = await reportFor(workspaceId, from, to);
          expect(result.totals.requests).toBe(expected.requests);
          expect(result.totals.errors).toBe(expected.errors);
          expect(result.totals.inputTokens).toBe(expected.inputTokens);
          expect(result.totals.outputTokens).toBe(expected.outputTokens);
          expect(result.totals.images).toBe(expected.images);
          expect(result.totals.costUsd).toBeCloseTo(Math.round(expected.costUsd * 1e6) / 1e6, 6);
          const p95 = histogramQuantile(expected.histogram, 0.95);
          expect(result.totals.latencyMs.p95).toBe(p95 === null ? null : Math.round(p95 * 10) / 10);
          expect(result.groups.reduce((sum, g) => sum + g.requests, 0)).toBe(expected.requests);
          // By hour: hour rollups at most, so each hour's group holds exactly that hour's records of the range.
          const byHour = new Map<string, number>();
          for (const r of inRange) {
            const hour = `${new Date(Math.floor(Date.parse(r.occurredAt) / 3_600_000) * 3_600_000).toISOString().slice(0, 13)}:00Z`;
            byHour.set(hour, (byHour.get(hour) ?? 0) + 1);
          }
          const hourly = await reportFor(workspaceId, from, to, 'hour');
          expect(hourly.groups.map((g) => [g.hour, g.requests])).toEqual([...byHour.entries()].sort(([a], [b]) => (a < b ? -1 : 1)));
        }
      }),
      { numRuns: 12, seed: 20261203 },
    );
  });

  /** The report GET /v1/usage answers, for a workspace the property made up (its use case, by workspace id). */
  async function reportFor(workspaceId: string, from: number, to: number, groupBy: UsageGroupBy = 'model,day'): Promise<UsageReport> {
    return registry.app.get(GetUsageReportUseCase).execute(GetUsageReportCommand.create({ workspaceId, from: new Date(from).toISOString(), to: new Date(to).toISOString(), groupBy }));
  }

  it('counts a redelivered event once, also within one batch, and puts a late event in the minute, hour and day it occurred in', async () => {
    const workspaceId = randomUUID();
    const first = [usage(workspaceId, { occurredAt: `${dayOf(-1)}T10:15:30.000Z` }), usage(workspaceId, { occurredAt: `${dayOf(-1)}T10:15:59.999Z`, latencyMs: 900 })];
    expect(await store([...first, first[0]!])).toEqual({ recorded: 2, duplicates: 1 });
    const before = await rollups(workspaceId, 'day');
    expect(await store(first)).toEqual({ recorded: 0, duplicates: 2 });
    expectSameFigures(await rollups(workspaceId, 'day'), before);

    // Late: today's traffic first, then an event from two days ago arrives.
    const today = usage(workspaceId, { occurredAt: new Date().toISOString() });
    const late = usage(workspaceId, { occurredAt: `${dayOf(-2)}T23:59:59.500Z`, status: 503, latencyMs: 4_000 });
    await store([today]);
    await store([late]);
    const all = [...first, today, late];
    for (const level of ['minute', 'hour', 'day'] as const) expectSameFigures(await rollups(workspaceId, level), expectedRollups(all, level));
    const { rows } = await registry.db.query<{ bucket: Date; errors: string }>(`SELECT bucket, errors FROM usage_rollups_minute WHERE workspace_id = $1 AND errors > 0`, [workspaceId]);
    expect(rows.map((r) => [r.bucket.toISOString(), Number(r.errors)])).toEqual([[`${dayOf(-2)}T23:59:00.000Z`, 1]]);
  });

  it('refuses an event outside the days raw records are kept for as permanent (the consumer parks it)', async () => {
    const old = usage(acme.workspace.id, { occurredAt: `${dayOf(-31)}T12:00:00.000Z` });
    const future = usage(acme.workspace.id, { occurredAt: `${dayOf(9)}T12:00:00.000Z` });
    for (const event of [old, future]) {
      const error = await store([event]).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(PermanentEventError);
      expect((error as PermanentEventError).reason).toBe('outside_retention');
    }
  });

  it('drops raw partitions whole after the retention, leaving the rollups and the reports they answer intact; one replica at a time', async () => {
    const events = Array.from({ length: 30 }, (_, i) => usage(acme.workspace.id, { occurredAt: `${dayOf(-6)}T${String(i % 24).padStart(2, '0')}:30:00.000Z`, latencyMs: 10 * (i + 1), modelId: `model-${i % 2}`, modelRef: `acme@openailike/model-${i % 2}` }));
    await store(events);
    const range = `from=${dayOf(-6)}&to=${dayOf(-5)}`;
    const before = await report(`${range}&groupBy=model`);
    expect(before.body.totals.requests).toBe(30);
    const rollupsBefore = await rollups(acme.workspace.id, 'hour');
    const partition = `usage_records_${dayOf(-6).replaceAll('-', '')}`;
    const exists = async () => (await registry.db.query('SELECT 1 FROM pg_class WHERE relname = $1 AND relnamespace = current_schema()::regnamespace', [partition])).rowCount === 1;
    expect(await exists()).toBe(true);

    const maintain = registry.app.get(MaintainUsageStorageUseCase);
    const command = MaintainUsageStorageCommand.create({ rawRetentionDays: 5, partitionsAheadDays: 7, minuteRetentionDays: 36_500, hourRetentionDays: 36_500, dayRetentionDays: 36_500 });
    // Another replica holds the lock: this one skips.
    const other = await registry.db.connect();
    try {
      await other.query(`SELECT pg_advisory_lock(hashtext(current_schema() || '.usage_storage'))`);
      expect(await maintain.execute(command)).toMatchObject({ ran: false });
      await other.query(`SELECT pg_advisory_unlock(hashtext(current_schema() || '.usage_storage'))`);
    } finally {
      other.release();
    }
    expect(await exists()).toBe(true);

    const outcome = await maintain.execute(command);
    expect(outcome.ran).toBe(true);
    expect(outcome.partitionsDropped).toContain(partition);
    expect(outcome.partitionsDropped.every((name) => name < `usage_records_${dayOf(-5).replaceAll('-', '')}`)).toBe(true);
    expect(await exists()).toBe(false);
    const { rows } = await registry.db.query<{ n: number }>('SELECT count(*)::int AS n FROM usage_records WHERE occurred_at < $1', [`${dayOf(-5)}T00:00:00Z`]);
    expect(rows[0]!.n).toBe(0);
    // Partitions for today and the days ahead exist.
    const ahead = await registry.db.query<{ relname: string }>(`SELECT relname FROM pg_class WHERE relname = ANY($1) AND relnamespace = current_schema()::regnamespace`, [[0, 7].map((d) => `usage_records_${dayOf(d).replaceAll('-', '')}`)]);
    expect(ahead.rowCount).toBe(2);

    expectSameFigures(await rollups(acme.workspace.id, 'hour'), rollupsBefore);
    const after = await report(`${range}&groupBy=model`);
    expect(after.body).toEqual(before.body);
    expect((await requests(`${range}`)).body.data).toEqual([]);

    // Rollup retention is per level: minutes older than one day go, hours and days stay.
    const shorter = await maintain.execute(MaintainUsageStorageCommand.create({ ...command, minuteRetentionDays: 1 }));
    expect(shorter.rollupsDeleted.minute).toBeGreaterThan(0);
    expect(shorter.rollupsDeleted.hour).toBe(0);
    expect((await report(`${range}&groupBy=model`)).body).toEqual(before.body);
  });

  it('pages through the drill-down newest first, with ties on time, without repeating or skipping a record while records arrive', async () => {
    const workspace = await registry.createWorkspace('drill');
    const token = workspace.apiKey.key;
    const at = `${dayOf(-1)}T08:00:00.000Z`;
    const events = Array.from({ length: 23 }, (_, i) =>
      usage(workspace.workspace.id, { occurredAt: i < 10 ? at : `${dayOf(-1)}T08:00:${String(i).padStart(2, '0')}.123Z`, status: i % 5 === 0 ? 500 : 200, modelId: `m-${i % 3}`, modelRef: `drill@openailike/m-${i % 3}` }),
    );
    await store(events);
    const expected = [...events].sort((a, b) => (a.occurredAt === b.occurredAt ? (a.requestId < b.requestId ? 1 : -1) : a.occurredAt < b.occurredAt ? 1 : -1)).map((e) => e.requestId);
    const range = `from=${dayOf(-1)}&to=${dayOf(0)}`;

    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page = await requests(`${range}&limit=4${cursor ? `&cursor=${cursor}` : ''}`, token);
      expect(page.status).toBe(200);
      seen.push(...page.body.data.map((r) => r.requestId));
      cursor = page.body.nextCursor;
      // Newer records arriving between pages (later in time) never shift the pages after the cursor.
      if (pages++ === 1) await store([usage(workspace.workspace.id, { occurredAt: `${dayOf(-1)}T09:00:00.000Z` })]);
    } while (cursor);
    expect(seen).toEqual(expected);
    expect(pages).toBe(6);

    const first = (await requests(`${range}&limit=1`, token)).body.data[0]!;
    expect(first).toMatchObject({ occurredAt: `${dayOf(-1)}T09:00:00.000000Z`, endpoint: 'chat.completions', status: 200, inputTokens: 10, deploymentKey: null });

    const errors = await requests(`${range}&status=5xx&model=m-0`, token);
    expect(errors.body.data.map((r) => r.requestId).sort()).toEqual(events.filter((_, i) => i % 5 === 0 && i % 3 === 0).map((e) => e.requestId).sort());
    // Another workspace sees none of them.
    expect((await requests(range)).body.data.filter((r) => expected.includes(r.requestId))).toEqual([]);

    const bad = await requests('limit=0&status=6xx&cursor=nonsense', token);
    expect(bad.status).toBe(400);
    expect(bad.body.error.details?.map((d) => d.field).sort()).toEqual(['limit', 'status']);
    const badCursor = await requests('cursor=nonsense', token);
    expect(badCursor.status).toBe(400);
    expect(badCursor.body.error.details?.[0]?.field).toBe('cursor');

    // Swagger documents the route, its filters and its page.
    const doc = await registry.request<{ paths: Record<string, { get?: { parameters?: { name: string }[] } }>; components: { schemas: Record<string, { properties: Record<string, unknown> }> } }>('GET', '/docs-json');
    expect(doc.body.paths['/v1/usage/requests']?.get?.parameters?.map((p) => p.name).sort()).toEqual(['apiKeyId', 'cursor', 'deployment', 'endpoint', 'from', 'limit', 'model', 'status', 'to']);
    expect(Object.keys(doc.body.components.schemas['UsageRequestsPageDto']!.properties).sort()).toEqual(['data', 'nextCursor']);
  });
});
