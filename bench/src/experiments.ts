import type { DatasetView, ExperimentView, ModelView, RunDetailsView, RunView } from '@model-garden/contracts';
import { cpuSeconds } from './proc';
import { call, chatModelBody } from './registry-client';
import type { ExperimentResults } from './results';

/**
 * Scenario 4: one experiment run of `cells` cells against the mock (two columns of one
 * mock chat model, one repetition, the built-in exact match and Levenshtein evaluators,
 * so every gateway call is the cell's own answer), from POST .../runs to `completed`.
 * Reports cells per second and the experiment worker's CPU per cell (from /proc, the
 * worker's own process), with the registry's and the gateway's beside it.
 */
export interface ExperimentOptions {
  registryUrl: string;
  apiKey: string;
  upstream: { baseUrl: string; apiKey: string };
  cells: number;
  concurrencyPerModel: number;
  timeoutSeconds: number;
  pids: { worker: number; registry?: number; gateway?: number };
  log: (line: string) => void;
}

const COLUMNS = 2;
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const fixed = (value: number, digits: number): number => Math.round(value * 10 ** digits) / 10 ** digits;

export async function runExperimentScenario(o: ExperimentOptions): Promise<ExperimentResults> {
  const rows = Math.ceil(o.cells / COLUMNS);
  const model = await call<ModelView>('POST', `${o.registryUrl}/v1/models?wait=30`, o.apiKey, chatModelBody({ key: `exp-bench-${Date.now()}`, modelId: 'mock-chat', baseUrl: o.upstream.baseUrl, apiKey: o.upstream.apiKey }));
  if (model.status !== 200 || model.body.status !== 'active') throw new Error(`the benchmark model is not active: ${model.status} ${JSON.stringify(model.body).slice(0, 300)}`);
  const dataset = await call<DatasetView>('POST', `${o.registryUrl}/v1/datasets`, o.apiKey, { name: 'bench' });
  for (let start = 0; start < rows; start += 500) {
    const datapoints = Array.from({ length: Math.min(500, rows - start) }, (_, i) => ({ inputs: { n: String(start + i) }, expectedOutput: `Mock reply to: Say ${start + i}` }));
    const added = await call('POST', `${o.registryUrl}/v1/datasets/${dataset.body.id}/datapoints`, o.apiKey, { datapoints });
    if (added.status !== 201) throw new Error(`adding datapoints failed: ${added.status} ${JSON.stringify(added.body).slice(0, 300)}`);
  }
  const experiment = await call<ExperimentView>('POST', `${o.registryUrl}/v1/experiments`, o.apiKey, {
    name: 'bench',
    datasetId: dataset.body.id,
    columns: Array.from({ length: COLUMNS }, (_, i) => ({ id: `c${i}`, kind: 'model', name: `column ${i}`, model: model.body.ref, messages: [{ role: 'user', content: 'Say {{n}}' }] })),
    evaluatorIds: ['builtin.exact_match', 'builtin.levenshtein'],
    repetitions: 1,
    concurrencyPerModel: o.concurrencyPerModel,
  });
  if (experiment.status !== 201) throw new Error(`creating the experiment failed: ${experiment.status} ${JSON.stringify(experiment.body).slice(0, 300)}`);

  const pids = [o.pids.worker, o.pids.registry, o.pids.gateway].filter((p): p is number => p !== undefined);
  const cpuBefore = pids.map((pid) => cpuSeconds([pid]));
  const started = performance.now();
  const run = await call<RunView>('POST', `${o.registryUrl}/v1/experiments/${experiment.body.id}/runs`, o.apiKey);
  if (run.status !== 202) throw new Error(`starting the run failed: ${run.status} ${JSON.stringify(run.body).slice(0, 300)}`);
  const deadline = Date.now() + o.timeoutSeconds * 1000;
  let details: RunDetailsView;
  for (;;) {
    details = (await call<RunDetailsView>('GET', `${o.registryUrl}/v1/experiments/${experiment.body.id}/runs/${run.body.id}`, o.apiKey)).body;
    if (details.status === 'completed' || details.status === 'failed' || details.status === 'cancelled') break;
    if (Date.now() > deadline) throw new Error(`the run did not finish within ${o.timeoutSeconds} s: ${JSON.stringify(details.counts)}`);
    await sleep(100);
  }
  const seconds = (performance.now() - started) / 1000;
  const cpuAfter = pids.map((pid) => cpuSeconds([pid]));
  const perCellMs = (i: number): number | null => (i < 0 ? null : fixed(((cpuAfter[i]! - cpuBefore[i]!) * 1000) / details.counts.total, 3));
  const result: ExperimentResults = {
    cells: details.counts.total,
    completed: details.counts.completed,
    failed: details.counts.failed,
    seconds: fixed(seconds, 3),
    cellsPerSecond: fixed(details.counts.total / seconds, 1),
    workerCpuMsPerCell: perCellMs(0)!,
    registryCpuMsPerCell: o.pids.registry === undefined ? null : perCellMs(pids.indexOf(o.pids.registry)),
    gatewayCpuMsPerCell: o.pids.gateway === undefined ? null : perCellMs(pids.indexOf(o.pids.gateway)),
    latencyMs: details.aggregates[0]?.latencyMs ?? { p50: null, p95: null },
    concurrencyPerModel: o.concurrencyPerModel,
  };
  o.log(
    `  ${result.cells} cells in ${result.seconds} s: ${result.cellsPerSecond} cells/s; CPU per cell: worker ${result.workerCpuMsPerCell} ms, registry ${result.registryCpuMsPerCell ?? '?'} ms, gateway ${result.gatewayCpuMsPerCell ?? '?'} ms (${result.completed} completed, ${result.failed} failed)`,
  );
  return result;
}
