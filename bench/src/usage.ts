import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createWorkspace } from './registry-client';
import type { UsageResults, UsageSizeResult } from './results';
import { round, summarize } from './stats';

/**
 * Scenario 5: usage at scale. For each size (1 million and 10 million records by default),
 * a workspace of its own gets that many synthetic records over the last 30 days through the
 * registry's documented fast path (`usage-bench.js load`: generate_series straight into
 * usage_records, one day at a time, rolled up by the ingestion's own rollup SQL, then
 * ANALYZE), and `GET /v1/usage` is timed for its last 30 days by model and by day (p50/p95
 * over `queries` calls of each, after warm-up). Then the real ingestion path:
 * `usage-bench.js ingest` produces `ingestEvents` UsageRecorded events to Kafka and times
 * the running registry until it has stored them all, for the events per second beside the
 * gateway's peak request rate.
 */
export interface UsageOptions {
  workspaceRoot: string;
  registryUrl: string;
  adminToken: string;
  /** The registry's environment (stack.env): DATABASE_URL, DATABASE_SCHEMA, KAFKA_BROKERS, KAFKA_TOPIC_PREFIX. */
  env: Record<string, string>;
  sizes: number[];
  days: number;
  queries: number;
  warmup: number;
  ingestEvents: number;
  log: (line: string) => void;
}

async function tool(o: UsageOptions, args: string[]): Promise<Record<string, number>> {
  const script = join(o.workspaceRoot, 'dist/apps/registry/src/database/usage-bench.js');
  const env = { ...process.env, ...Object.fromEntries(['DATABASE_URL', 'DATABASE_SCHEMA', 'KAFKA_BROKERS', 'KAFKA_TOPIC_PREFIX'].flatMap((k) => (o.env[k] !== undefined ? [[k, o.env[k]]] : []))) };
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, ...args], { cwd: o.workspaceRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`usage-bench.js ${args[0]} failed (exit ${code}): ${err.trim().slice(0, 500)} (is the registry built? npx nx run registry:build)`));
      try {
        resolve(JSON.parse(out.trim().split('\n').at(-1)!) as Record<string, number>);
      } catch {
        reject(new Error(`usage-bench.js ${args[0]} printed no result: ${out.slice(0, 300)}`));
      }
    });
  });
}

async function timeReport(registryUrl: string, apiKey: string, groupBy: string): Promise<number> {
  const started = performance.now();
  const response = await fetch(`${registryUrl}/v1/usage?groupBy=${groupBy}`, { headers: { authorization: `Bearer ${apiKey}` }, signal: AbortSignal.timeout(120_000) });
  const body = (await response.json()) as { totals?: { requests?: number } };
  const ms = performance.now() - started;
  if (response.status !== 200) throw new Error(`GET /v1/usage?groupBy=${groupBy}: ${response.status} ${JSON.stringify(body).slice(0, 300)}`);
  return ms;
}

export async function runUsageScenario(o: UsageOptions): Promise<Omit<UsageResults, 'gatewayPeakRps'>> {
  const sizes: UsageSizeResult[] = [];
  for (const records of o.sizes) {
    const workspace = await createWorkspace(o.registryUrl, o.adminToken, `bench-usage-${records}-${Date.now().toString(36)}`);
    o.log(`  ${records.toLocaleString('en')} records over ${o.days} days into workspace ${workspace.slug} (fast path)...`);
    const loaded = await tool(o, ['load', `--workspace=${workspace.id}`, `--records=${records}`, `--days=${o.days}`]);
    o.log(`  loaded ${loaded['records']} in ${loaded['loadSeconds']} s (${loaded['recordsPerSecond']} records/s), ANALYZE ${loaded['analyzeSeconds']} s`);
    const samples: Record<'model' | 'day', number[]> = { model: [], day: [] };
    for (let i = 0; i < o.warmup; i++) for (const groupBy of ['model', 'day'] as const) await timeReport(o.registryUrl, workspace.apiKey, groupBy);
    for (let i = 0; i < o.queries; i++) for (const groupBy of ['model', 'day'] as const) samples[groupBy].push(await timeReport(o.registryUrl, workspace.apiKey, groupBy));
    const byModel = summarize(samples.model);
    const byDay = summarize(samples.day);
    o.log(`  GET /v1/usage, last ${o.days} days: by model p50 ${round(byModel.p50)} ms p95 ${round(byModel.p95)} ms; by day p50 ${round(byDay.p50)} ms p95 ${round(byDay.p95)} ms`);
    sizes.push({ records: loaded['records']!, loadSeconds: loaded['loadSeconds']!, loadRecordsPerSecond: loaded['recordsPerSecond']!, byModelMs: byModel, byDayMs: byDay });
  }
  o.log(`  ingestion: ${o.ingestEvents.toLocaleString('en')} UsageRecorded events through Kafka into the running registry...`);
  const ingested = await tool(o, ['ingest', `--events=${o.ingestEvents}`]);
  o.log(`  stored ${ingested['events']} events in ${ingested['seconds']} s: ${ingested['eventsPerSecond']} events/s (sent in ${ingested['producedSeconds']} s)`);
  return {
    days: o.days,
    queries: o.queries,
    sizes,
    ingestion: { events: ingested['events']!, seconds: ingested['seconds']!, producedSeconds: ingested['producedSeconds']!, eventsPerSecond: ingested['eventsPerSecond']! },
  };
}
