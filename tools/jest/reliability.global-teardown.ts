import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { WORKSPACE_ROOT } from '../stack/stack';
import { pidFiles, type ReliabilityState, servicePidNames, STATE_ENV, stopKafka, stopPostgres, stopRedis } from '../../tests/reliability/support/infra';

const KEEP_RUNS = 3;

/**
 * Stops everything the reliability run started (services with SIGTERM, every replica
 * and nginx a scale-out test left included, then the
 * broker, Redis and PostgreSQL) and deletes their data (PostgreSQL's temporary home
 * outside the checkout included; its log is copied to logs/ first). The run's logs, captured
 * responses and figures stay in .local/reliability/<run>/ for inspection; only the
 * last few runs are kept.
 */
export default async function teardown(): Promise<void> {
  const file = process.env[STATE_ENV];
  if (!file || !existsSync(file)) return;
  const state = JSON.parse(readFileSync(file, 'utf8')) as ReliabilityState;
  const problems: string[] = [];
  const attempt = async (what: string, step: () => Promise<unknown>): Promise<void> => {
    try {
      await step();
    } catch (error) {
      problems.push(`${what}: ${(error as Error).message.split('\n')[0]}`);
    }
  };
  await Promise.all(servicePidNames(state).reverse().map((name) => attempt(name, () => pidFiles(state).stop(name, 15_000))));
  await Promise.all([attempt('kafka', () => stopKafka(state)), attempt('redis', () => stopRedis(state)), attempt('postgres', () => stopPostgres(state))]);
  // PostgreSQL's log joins the run's other logs; its temporary home (data included) goes.
  if (existsSync(state.postgres.logFile)) {
    mkdirSync(join(state.dir, 'logs'), { recursive: true });
    copyFileSync(state.postgres.logFile, join(state.dir, 'logs', 'postgresql.log'));
  }
  for (const data of [state.postgres.home, join(state.dir, 'kafka'), join(state.dir, 'redis')]) rmSync(data, { recursive: true, force: true });
  writeFigures(state);
  pruneOldRuns(dirname(state.dir));
  if (problems.length) process.stdout.write(`reliability cleanup: ${problems.join('; ')}\n`);
}

/** The run's figures (events, requests, inputs tried, ...) as one JSON object in .local/test-results/, for docs/reliability.md. */
function writeFigures(state: ReliabilityState): void {
  const source = join(state.dir, 'figures.ndjson');
  if (!existsSync(source)) return;
  const figures: Record<string, number | string> = {};
  for (const line of readFileSync(source, 'utf8').split('\n').filter(Boolean)) {
    const { name, value } = JSON.parse(line) as { name: string; value: number | string };
    figures[name] = value;
  }
  const target = join(WORKSPACE_ROOT, '.local/test-results/reliability-figures.json');
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, `${JSON.stringify({ runId: state.runId, at: new Date().toISOString(), figures }, null, 2)}\n`);
}

function pruneOldRuns(root: string): void {
  const runs = readdirSync(root)
    .map((name) => join(root, name))
    .filter((path) => statSync(path).isDirectory())
    .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs);
  for (const old of runs.slice(KEEP_RUNS)) rmSync(old, { recursive: true, force: true });
}
