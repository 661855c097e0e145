import { queryOptions } from '@tanstack/react-query';
import { type RegistryClient, queryString } from '../../../api/registry-client';
import type {
  CellPage,
  CreateDatasetRequest,
  CreateEvaluatorRequest,
  CreateExperimentRequest,
  DatapointInput,
  DatapointListPage,
  DatapointView,
  DatasetFormat,
  DatasetImportMode,
  DatasetImportResult,
  DatasetListPage,
  DatasetView,
  EvaluatorListPage,
  EvaluatorView,
  ExperimentListPage,
  ExperimentView,
  RerunRequest,
  RunComparison,
  RunDetailsView,
  RunListPage,
  RunView,
} from '@model-garden/contracts/browser';

/** The registry's `/v1/datasets`, `/v1/evaluators` and `/v1/experiments` calls and their query keys. */

const enc = encodeURIComponent;

export const experimentKeys = {
  datasets: ['datasets'] as const,
  dataset: (id: string) => ['datasets', id] as const,
  datapoints: (id: string) => ['datasets', id, 'datapoints'] as const,
  evaluators: ['evaluators'] as const,
  experiments: ['experiments'] as const,
  experiment: (id: string) => ['experiments', id] as const,
  runs: (id: string) => ['experiments', id, 'runs'] as const,
  run: (id: string, runId: string) => ['experiments', id, 'runs', runId] as const,
  comparison: (id: string, runId: string, baseline: string) => ['experiments', id, 'runs', runId, 'compare', baseline] as const,
};

/** Every page of a cursor listing (at most `maxPages`). */
async function allPages<T>(load: (cursor: string | null) => Promise<{ data: T[]; nextCursor: string | null }>, maxPages = 50): Promise<T[]> {
  const all: T[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < maxPages; page += 1) {
    const result: { data: T[]; nextCursor: string | null } = await load(cursor);
    all.push(...result.data);
    cursor = result.nextCursor;
    if (!cursor) break;
  }
  return all;
}

export const datasetsQuery = (client: RegistryClient) =>
  queryOptions({
    queryKey: experimentKeys.datasets,
    queryFn: ({ signal }) => allPages((cursor) => client.call<DatasetListPage>('GET', `/v1/datasets${queryString({ cursor, limit: 200 })}`, { signal })),
  });

export const datasetQuery = (client: RegistryClient, id: string) =>
  queryOptions({ queryKey: experimentKeys.dataset(id), queryFn: ({ signal }) => client.call<DatasetView>('GET', `/v1/datasets/${enc(id)}`, { signal }) });

/** Every datapoint of a dataset (up to 10,000: 50 pages of 200). */
export const datapointsQuery = (client: RegistryClient, id: string) =>
  queryOptions({
    queryKey: experimentKeys.datapoints(id),
    queryFn: ({ signal }) => allPages((cursor) => client.call<DatapointListPage>('GET', `/v1/datasets/${enc(id)}/datapoints${queryString({ cursor, limit: 200 })}`, { signal })),
  });

export const createDataset = (client: RegistryClient, body: CreateDatasetRequest): Promise<DatasetView> => client.call<DatasetView>('POST', '/v1/datasets', { body });

export const importDatasetFile = (client: RegistryClient, id: string, file: Blob | string, format: DatasetFormat, mode: DatasetImportMode): Promise<DatasetImportResult> =>
  client.call<DatasetImportResult>('POST', `/v1/datasets/${enc(id)}/import${queryString({ format, mode })}`, {
    raw: { body: file, contentType: format === 'csv' ? 'text/csv' : 'application/x-ndjson' },
  });

export const replaceDatapoint = (client: RegistryClient, datasetId: string, datapointId: string, body: DatapointInput): Promise<DatapointView> =>
  client.call<DatapointView>('PUT', `/v1/datasets/${enc(datasetId)}/datapoints/${enc(datapointId)}`, { body });

export const deleteDataset = (client: RegistryClient, id: string): Promise<void> => client.call<void>('DELETE', `/v1/datasets/${enc(id)}`);

export const evaluatorsQuery = (client: RegistryClient) =>
  queryOptions({ queryKey: experimentKeys.evaluators, queryFn: async ({ signal }) => (await client.call<EvaluatorListPage>('GET', '/v1/evaluators', { signal })).data, staleTime: 30_000 });

export const createEvaluator = (client: RegistryClient, body: CreateEvaluatorRequest): Promise<EvaluatorView> => client.call<EvaluatorView>('POST', '/v1/evaluators', { body });

export const experimentsQuery = (client: RegistryClient) =>
  queryOptions({
    queryKey: experimentKeys.experiments,
    queryFn: ({ signal }) => allPages((cursor) => client.call<ExperimentListPage>('GET', `/v1/experiments${queryString({ cursor, limit: 200 })}`, { signal })),
  });

export const experimentQuery = (client: RegistryClient, id: string) =>
  queryOptions({ queryKey: experimentKeys.experiment(id), queryFn: ({ signal }) => client.call<ExperimentView>('GET', `/v1/experiments/${enc(id)}`, { signal }) });

export const createExperiment = (client: RegistryClient, body: CreateExperimentRequest): Promise<ExperimentView> => client.call<ExperimentView>('POST', '/v1/experiments', { body });

export const runsQuery = (client: RegistryClient, id: string) =>
  queryOptions({
    queryKey: experimentKeys.runs(id),
    queryFn: ({ signal }) => allPages((cursor) => client.call<RunListPage>('GET', `/v1/experiments/${enc(id)}/runs${queryString({ cursor, limit: 100 })}`, { signal })),
  });

export const runQuery = (client: RegistryClient, id: string, runId: string) =>
  queryOptions({ queryKey: experimentKeys.run(id, runId), queryFn: ({ signal }) => client.call<RunDetailsView>('GET', `/v1/experiments/${enc(id)}/runs/${enc(runId)}`, { signal }) });

export const startRun = (client: RegistryClient, id: string): Promise<RunView> => client.call<RunView>('POST', `/v1/experiments/${enc(id)}/runs`, {});

export const cancelRun = (client: RegistryClient, id: string, runId: string): Promise<RunView> => client.call<RunView>('POST', `/v1/experiments/${enc(id)}/runs/${enc(runId)}/cancel`, {});

export const rerun = (client: RegistryClient, id: string, runId: string, body: RerunRequest): Promise<RunView> =>
  client.call<RunView>('POST', `/v1/experiments/${enc(id)}/runs/${enc(runId)}/rerun`, { body });

/** One poll of a run's cells: those changed after `updatedAfter` (all of them without it), every page. */
export async function pollCells(client: RegistryClient, id: string, runId: string, updatedAfter: string | null, signal?: AbortSignal): Promise<{ cells: CellPage['data']; page: CellPage }> {
  const cells: CellPage['data'] = [];
  let cursor: string | null = null;
  let last: CellPage | null = null;
  for (let n = 0; n < 100; n += 1) {
    const page: CellPage = await client.call<CellPage>('GET', `/v1/experiments/${enc(id)}/runs/${enc(runId)}/cells${queryString({ updatedAfter, cursor, limit: 500 })}`, { signal });
    cells.push(...page.data);
    last = page;
    cursor = page.nextCursor;
    if (!cursor) break;
  }
  return { cells, page: last as CellPage };
}

export const comparisonQuery = (client: RegistryClient, id: string, runId: string, baseline: string) =>
  queryOptions({
    queryKey: experimentKeys.comparison(id, runId, baseline),
    queryFn: ({ signal }) => client.call<RunComparison>('GET', `/v1/experiments/${enc(id)}/runs/${enc(runId)}/compare${queryString({ baseline })}`, { signal }),
  });

/** A run's export (`RegistryClient.download` fetches it with the key, then the page saves it). */
export const exportPath = (id: string, runId: string, format: 'csv' | 'jsonl'): string => `/v1/experiments/${enc(id)}/runs/${enc(runId)}/export${queryString({ format })}`;
