import { status } from '@grpc/grpc-js';
import {
  type CellPage,
  createEnvelope,
  type CreateWorkspaceResponse,
  type DatapointListPage,
  type DatasetImportResult,
  type DatasetView,
  type ErrorBody,
  EVENT_TYPES,
  type EvaluatorView,
  type ExperimentCellCompletedData,
  type ExperimentRunRequestedData,
  type ExperimentView,
  type ModelView,
  type RunComparison,
  type RunDetailsView,
  type RunView,
  TOPICS,
} from '@model-garden/contracts';
import { type RegistryGrpcClient } from '@model-garden/platform';
import { lastValueFrom, type Observable } from 'rxjs';
import { eventually, EXPERIMENT_WORKER_TOKEN, KafkaTap, type RegistryHarness, startRegistry, topicsReady } from './registry-harness';

async function grpcError(call: Observable<unknown>): Promise<{ code: number; details: string }> {
  try {
    await lastValueFrom(call);
  } catch (error) {
    return error as { code: number; details: string };
  }
  throw new Error('the call succeeded');
}

const jsonl = (rows: unknown[]): string => rows.map((r) => JSON.stringify(r)).join('\n') + '\n';

/**
 * Datasets, evaluators, experiments and runs against a real registry, PostgreSQL and
 * Kafka: imports refused whole with line and field, runs snapshotted with a minted
 * credential, the worker's gRPC methods, cell results applied once from Kafka, the run
 * closed and its credential revoked by the registry, re-runs, polling and isolation.
 */
describe('experiments in the registry', () => {
  let registry: RegistryHarness;
  let grpc: RegistryGrpcClient;
  let gateway: RegistryGrpcClient;
  let acme: CreateWorkspaceResponse;
  let globex: CreateWorkspaceResponse;
  let chat: ModelView;
  let embed: ModelView;
  let dataset: DatasetView;
  const tap = new KafkaTap('experiments');
  const token = () => acme.apiKey.key;

  beforeAll(async () => {
    registry = await startRegistry('experiments');
    // The run methods are the experiment worker's (service-access.ts); the gateway's client checks the run's key.
    grpc = registry.grpc(EXPERIMENT_WORKER_TOKEN);
    gateway = registry.grpc();
    acme = await registry.createWorkspace('acme');
    globex = await registry.createWorkspace('globex');
    const model = (key: string, type: string) =>
      registry.request<ModelView>('POST', '/v1/models', {
        token: token(),
        body: { type, baseUrl: 'http://127.0.0.1:9/v1', apiKey: 'sk-provider-0123456789', name: key, modelId: key, key, region: 'us', pricing: { inputPerMillionTokens: 1, outputPerMillionTokens: 2 } },
      });
    chat = (await model('chat-a', 'chat')).body;
    embed = (await model('embed-a', 'embedding')).body;
    await topicsReady(registry);
    await tap.listen([registry.topic(TOPICS.experiments), registry.topic(TOPICS.apiKeys)]);
  });

  afterAll(async () => {
    await tap.close();
    await registry?.close();
  });

  it('imports JSONL only when every line is good, naming each bad line and field', async () => {
    const created = await registry.request<DatasetView>('POST', '/v1/datasets', { token: token(), body: { name: 'Capitals', datapoints: [{ inputs: { country: 'France' }, expectedOutput: 'Paris' }] } });
    expect(created.status).toBe(201);
    dataset = created.body;
    expect(dataset).toMatchObject({ rowCount: 1, revision: 1, inputKeys: ['country'] });

    const bad = await registry.request<ErrorBody>('POST', `/v1/datasets/${dataset.id}/import?format=jsonl`, {
      token: token(),
      headers: { 'content-type': 'application/x-ndjson' },
      rawBody: jsonl([{ inputs: { country: 'Spain' }, expectedOutput: 'Madrid' }, { inputs: { country: ['Italy'] } }]) + '{oops\n',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details!.map((d) => d.field)).toEqual(['line 2.inputs.country', 'line 3']);
    expect((await registry.request<DatasetView>('GET', `/v1/datasets/${dataset.id}`, { token: token() })).body).toMatchObject({ rowCount: 1, revision: 1 });

    const preview = await registry.request<DatasetImportResult>('POST', `/v1/datasets/${dataset.id}/import?format=csv&dryRun=true`, {
      token: token(),
      headers: { 'content-type': 'text/csv' },
      rawBody: 'country,expected_output\nSpain,Madrid\nItaly,Rome\n',
    });
    expect(preview.body).toMatchObject({ imported: 0, rows: 2, dryRun: true, dataset: { rowCount: 1, revision: 1 } });
    expect(preview.body.preview[1]).toEqual({ inputs: { country: 'Italy' }, messages: null, expectedOutput: 'Rome', metadata: {} });

    const good = await registry.request<DatasetImportResult>('POST', `/v1/datasets/${dataset.id}/import?format=jsonl`, {
      token: token(),
      headers: { 'content-type': 'application/x-ndjson' },
      rawBody: jsonl([
        { inputs: { country: 'Spain' }, expectedOutput: 'Madrid' },
        { inputs: { country: 'Italy' }, expectedOutput: 'Rome', metadata: { continent: 'Europe' } },
      ]),
    });
    expect(good.status).toBe(201);
    expect(good.body).toMatchObject({ imported: 2, dataset: { rowCount: 3, revision: 2 } });
  });

  it('imports CSV, exports both formats, and a bad CSV cell names its line', async () => {
    const csv = await registry.request<DatasetImportResult>('POST', `/v1/datasets/${dataset.id}/import?format=csv`, {
      token: token(),
      headers: { 'content-type': 'text/csv' },
      rawBody: 'input.country,expected_output\nPortugal,Lisbon\n',
    });
    expect(csv.status).toBe(201);
    expect(csv.body.dataset).toMatchObject({ rowCount: 4, revision: 3 });
    const badCsv = await registry.request<ErrorBody>('POST', `/v1/datasets/${dataset.id}/import?format=csv`, { token: token(), headers: { 'content-type': 'text/csv' }, rawBody: 'country,metadata\nGreece,{not json\n' });
    expect(badCsv.body.error.details).toEqual([{ field: 'line 2.metadata', message: expect.stringContaining('JSON object') }]);

    const exported = await registry.request('GET', `/v1/datasets/${dataset.id}/export?format=csv`, { token: token() });
    expect(exported.status).toBe(200);
    expect(exported.headers.get('content-type')).toContain('text/csv');
    expect(exported.text.split('\n')[0]).toBe('input.country,expected_output,messages,metadata');
    expect(exported.text).toContain('Italy,Rome,,"{""continent"":""Europe""}"');
    const lines = (await registry.request('GET', `/v1/datasets/${dataset.id}/export?format=jsonl`, { token: token() })).text.trim().split('\n');
    expect(lines).toHaveLength(4);
    expect(JSON.parse(lines[0]!)).toEqual({ inputs: { country: 'France' }, messages: null, expectedOutput: 'Paris', metadata: {} });
  });

  it('imports 10,000 rows in one streamed request, well past the JSON body limit, and refuses the 10,001st', async () => {
    const big = (await registry.request<DatasetView>('POST', '/v1/datasets', { token: token(), body: { name: 'Big' } })).body;
    const rows = Array.from({ length: 10_000 }, (_, i) => ({ inputs: { q: `question ${i} ${'x'.repeat(40)}` }, expectedOutput: `answer ${i}` }));
    const file = jsonl(rows);
    expect(file.length).toBeGreaterThan(registry.config.REGISTRY_BODY_LIMIT_BYTES * 10);
    const imported = await registry.request<DatasetImportResult>('POST', `/v1/datasets/${big.id}/import?format=jsonl`, { token: token(), headers: { 'content-type': 'application/x-ndjson' }, rawBody: file });
    expect(imported.status).toBe(201);
    expect(imported.body).toMatchObject({ imported: 10_000, dataset: { rowCount: 10_000, revision: 1 } });
    const more = await registry.request<ErrorBody>('POST', `/v1/datasets/${big.id}/import?format=jsonl`, { token: token(), headers: { 'content-type': 'application/x-ndjson' }, rawBody: jsonl([{ inputs: { q: 'one more' } }]) });
    expect(more.status).toBe(400);
    expect(more.body.error.details![0]!.message).toContain('at most 10000 datapoints');
    const replaced = await registry.request<DatasetImportResult>('POST', `/v1/datasets/${big.id}/import?format=jsonl&mode=replace`, { token: token(), headers: { 'content-type': 'application/x-ndjson' }, rawBody: jsonl([{ inputs: { q: 'only' } }]) });
    // The refused import left nothing behind, not even a revision.
    expect(replaced.body).toMatchObject({ imported: 1, dataset: { rowCount: 1, revision: 2 } });
    const page = await registry.request<DatapointListPage>('GET', `/v1/datasets/${big.id}/datapoints`, { token: token() });
    expect(page.body.data.map((d) => d.inputs['q'])).toEqual(['only']);
  });

  it('refuses evaluator settings and experiment columns field by field', async () => {
    const judge = await registry.request<ErrorBody>('POST', '/v1/evaluators', {
      token: token(),
      body: { name: 'Judge', type: 'llm_judge', config: { model: chat.ref, rubric: 'Rate {{answer}}', scale: { type: 'numeric', min: 5, max: 1 } } },
    });
    expect(judge.status).toBe(400);
    expect(judge.body.error.details!.map((d) => d.field).sort()).toEqual(['config.rubric', 'config.rubric', 'config.scale.max'].sort());
    const wrongModel = await registry.request<ErrorBody>('POST', '/v1/evaluators', { token: token(), body: { name: 'Cosine', type: 'cosine_similarity', config: { model: chat.ref } } });
    expect(wrongModel.body.error.details).toEqual([{ field: 'config.model', message: expect.stringContaining('needs a embedding model') }]);
    const schema = await registry.request<ErrorBody>('POST', '/v1/evaluators', { token: token(), body: { name: 'Schema', type: 'json_schema', config: { schema: { type: 'nonsense' } } } });
    expect(schema.body.error.details![0]!.field).toBe('config.schema');

    const experiment = await registry.request<ErrorBody>('POST', '/v1/experiments', {
      token: token(),
      body: { name: 'E', datasetId: dataset.id, columns: [{ kind: 'model', name: 'A', model: 'no-such-model', messages: [] }, { kind: 'model', name: 'B', model: chat.ref, messages: [{ role: 'boss', content: 'x' }] }], repetitions: 11 },
    });
    expect(experiment.status).toBe(400);
    expect(experiment.body.error.details!.map((d) => d.field)).toEqual(['repetitions', 'columns[1].messages[0].role']);
    const unknownModel = await registry.request<ErrorBody>('POST', '/v1/experiments', { token: token(), body: { name: 'E', datasetId: dataset.id, columns: [{ kind: 'model', name: 'A', model: 'no-such-model', messages: [] }] } });
    expect(unknownModel.body.error.details).toEqual([{ field: 'columns[0].model', message: expect.stringContaining('no-such-model') }]);
    const unknownDeployment = await registry.request<ErrorBody>('POST', '/v1/experiments', {
      token: token(),
      body: { name: 'E', datasetId: dataset.id, columns: [{ kind: 'model', name: 'A', model: chat.ref, messages: [{ role: 'user', content: 'x' }] }, { kind: 'deployment', name: 'D', deployment: 'no-such-deployment' }] },
    });
    expect(unknownDeployment.status).toBe(400);
    expect(unknownDeployment.body.error.details).toEqual([{ field: 'columns[1].deployment', message: expect.stringContaining('no-such-deployment') }]);
  });

  describe('a run', () => {
    let experiment: ExperimentView;
    let run: RunView;
    let judge: EvaluatorView;

    beforeAll(async () => {
      judge = (
        await registry.request<EvaluatorView>('POST', '/v1/evaluators', {
          token: token(),
          body: { name: 'Judge', type: 'llm_judge', config: { model: 'chat-a', rubric: 'Question: {{input}}\nAnswer: {{output}}\nExpected: {{expected}}', scale: { type: 'numeric', min: 1, max: 5 } } },
        })
      ).body;
      expect(judge.config).toMatchObject({ model: chat.ref });
      const cosine = (await registry.request<EvaluatorView>('POST', '/v1/evaluators', { token: token(), body: { name: 'Cosine', type: 'cosine_similarity', config: { model: embed.id } } })).body;
      const created = await registry.request<ExperimentView>('POST', '/v1/experiments', {
        token: token(),
        body: {
          name: 'Capitals',
          datasetId: dataset.id,
          columns: [
            { kind: 'model', name: 'A', model: 'chat-a', messages: [{ role: 'user', content: 'Capital of {{country}}?' }], parameters: { temperature: 0 } },
            { kind: 'model', id: 'b', name: 'B', model: chat.id, messages: [{ role: 'user', content: 'Capital of {{country}}? One word.' }] },
          ],
          evaluatorIds: ['builtin.exact_match', judge.id, cosine.id],
          repetitions: 2,
          concurrencyPerModel: 3,
        },
      });
      expect(created.status).toBe(201);
      experiment = created.body;
      expect(experiment.columns.map((c) => c.id)).toEqual(['c1', 'b']);
      const started = await registry.request<RunView>('POST', `/v1/experiments/${experiment.id}/runs`, { token: token() });
      expect(started.status).toBe(202);
      run = started.body;
    });

    it('snapshots the experiment, queues rows × columns × repetitions, and asks the worker through the outbox without any secret', async () => {
      expect(run).toMatchObject({ number: 1, status: 'queued', counts: { queued: 16, total: 16, completed: 0 }, snapshot: { datasetRevision: 3, rowCount: 4, repetitions: 2 } });
      expect(run.snapshot.columnPricing).toEqual({ c1: { inputPerMillionTokens: 1, outputPerMillionTokens: 2 }, b: { inputPerMillionTokens: 1, outputPerMillionTokens: 2 } });
      const [event] = await tap.waitFor((e) => e.type === EVENT_TYPES.experimentRunRequested && e.subject === run.id);
      expect(event!.data).toEqual({ runId: run.id, experimentId: experiment.id, workspaceId: acme.workspace.id, dispatch: 1, cellCount: 16 } satisfies ExperimentRunRequestedData);
      expect(JSON.stringify(event)).not.toMatch(/mgk_/);
      expect(JSON.stringify(run)).not.toMatch(/mgk_/);
    });

    it('serves the worker its plan, its cells with the datapoints of the run revision, and a credential limited to inference', async () => {
      const plan = await lastValueFrom(grpc.service.getExperimentRun({ runId: run.id }, grpc.metadata()));
      expect(plan).toMatchObject({ runId: run.id, workspaceId: acme.workspace.id, status: 'queued', dispatch: 1, repetitions: 2, concurrencyPerModel: 3 });
      expect(plan.columns[0]).toMatchObject({ id: 'c1', kind: 'model', model: chat.ref, pricing: { inputPerMillionTokens: 1, outputPerMillionTokens: 2 } });
      expect(JSON.parse(plan.columns[0]!.messagesTemplateJson)).toEqual([{ role: 'user', content: 'Capital of {{country}}?' }]);
      expect(plan.evaluators.map((e) => e.type)).toEqual(['exact_match', 'llm_judge', 'cosine_similarity']);

      // Editing the dataset after the start changes nothing the run reads.
      const points = (await registry.request<DatapointListPage>('GET', `/v1/datasets/${dataset.id}/datapoints`, { token: token() })).body;
      const france = points.data.find((p) => p.inputs['country'] === 'France')!;
      const edited = await registry.request('PUT', `/v1/datasets/${dataset.id}/datapoints/${france.id}`, { token: token(), body: { inputs: { country: 'Germany' }, expectedOutput: 'Berlin' } });
      expect(edited.status).toBe(200);

      const first = await lastValueFrom(grpc.service.listExperimentRunCells({ runId: run.id, dispatch: 1, pageSize: 10, pageToken: '' }, grpc.metadata()));
      const second = await lastValueFrom(grpc.service.listExperimentRunCells({ runId: run.id, dispatch: 1, pageSize: 10, pageToken: first.nextPageToken }, grpc.metadata()));
      const cells = [...first.cells, ...second.cells];
      expect(cells).toHaveLength(16);
      expect(second.nextPageToken).toBe('');
      expect(new Set(cells.map((c) => c.cellId)).size).toBe(16);
      const franceCells = cells.filter((c) => c.datapointId === france.id);
      expect(franceCells).toHaveLength(4);
      expect(franceCells.every((c) => JSON.parse(c.inputsJson).country === 'France' && c.expectedOutput === 'Paris')).toBe(true);

      const credential = await lastValueFrom(grpc.service.getExperimentRunCredential({ runId: run.id }, grpc.metadata()));
      expect(credential.expiresAtMs).toBeGreaterThan(Date.now());
      const auth = await lastValueFrom(gateway.service.authenticateApiKey({ apiKey: credential.apiKey }, gateway.metadata()));
      expect(auth).toMatchObject({ workspaceId: acme.workspace.id, scopes: ['inference'] });
      const rest = await registry.request('GET', '/v1/experiments', { token: credential.apiKey });
      expect(rest.status).toBe(403);
    });

    it('stores each cell result once, closes the run when the last one is in, and revokes the credential', async () => {
      const { cells } = await lastValueFrom(grpc.service.listExperimentRunCells({ runId: run.id, dispatch: 1, pageSize: 100, pageToken: '' }, grpc.metadata()));
      const credential = await lastValueFrom(grpc.service.getExperimentRunCredential({ runId: run.id }, grpc.metadata()));
      const result = (cell: (typeof cells)[number], i: number): ExperimentCellCompletedData => {
        const fails = cell.columnId === 'b' && cell.rowIndex === 3;
        return {
          runId: run.id,
          workspaceId: acme.workspace.id,
          cellId: cell.cellId,
          attempt: cell.attempt,
          status: fails ? 'failed' : 'completed',
          output: fails ? null : 'Paris',
          finishReason: fails ? null : 'stop',
          latencyMs: fails ? null : 100 + i,
          ttftMs: fails ? null : 10 + i,
          inputTokens: fails ? null : 10,
          outputTokens: fails ? null : 2,
          costUsd: fails ? null : 0.000014,
          scores: fails ? [] : [{ evaluatorId: 'builtin.exact_match', score: cell.rowIndex === 0 ? 1 : 0, passed: cell.rowIndex === 0, reason: 'compared', error: null }],
          error: fails ? { code: 'provider_error', message: 'The model answered 500.' } : null,
          completedAt: new Date().toISOString(),
        };
      };
      const events = cells.map((cell, i) => createEnvelope(EVENT_TYPES.experimentCellCompleted, '/model-garden/experiment-worker', run.id, result(cell, i)));
      const firstPoll = await registry.request<CellPage>('GET', `/v1/experiments/${experiment.id}/runs/${run.id}/cells`, { token: token() });
      expect(firstPoll.body.data).toHaveLength(16);
      // Every event twice, and a stale attempt: each cell is stored once.
      await tap.produce(registry.topic(TOPICS.experimentResults), [...events.slice(0, 8), ...events.slice(0, 8)]);
      const stale = createEnvelope(EVENT_TYPES.experimentCellCompleted, '/x', run.id, { ...result(cells[8]!, 8), attempt: 2, output: 'stale' });
      await tap.produce(registry.topic(TOPICS.experimentResults), [stale]);
      const midway = await eventually(async () => {
        const page = await registry.request<CellPage>('GET', `/v1/experiments/${experiment.id}/runs/${run.id}/cells?updatedAfter=${encodeURIComponent(firstPoll.body.nextUpdatedAfter!)}`, { token: token() });
        return page.body.data.length === 8 ? page.body : undefined;
      });
      expect(midway.run).toMatchObject({ status: 'running', counts: { queued: 8, completed: expect.any(Number) } });
      await tap.produce(registry.topic(TOPICS.experimentResults), [...events.slice(8), ...events.slice(8)]);
      const finished = await eventually(async () => {
        const got = await registry.request<RunDetailsView>('GET', `/v1/experiments/${experiment.id}/runs/${run.id}`, { token: token() });
        return got.body.status === 'completed' ? got.body : undefined;
      });
      expect(finished.counts).toEqual({ queued: 0, completed: 14, failed: 2, cancelled: 0, total: 16 });
      const rest = await registry.request<CellPage>('GET', `/v1/experiments/${experiment.id}/runs/${run.id}/cells?updatedAfter=${encodeURIComponent(midway.nextUpdatedAfter!)}`, { token: token() });
      expect(rest.body.data).toHaveLength(8);
      expect(rest.body.data.some((c) => c.output === 'stale')).toBe(false);
      const [c1, b] = finished.aggregates;
      expect(c1).toMatchObject({ columnId: 'c1', cells: 8, completed: 8, failed: 0, errorRate: 0, tokens: { input: 80, output: 16 } });
      expect(c1!.scores[0]).toMatchObject({ evaluatorId: 'builtin.exact_match', mean: 0.25, stdDevAcrossRepetitions: 0, scored: 8 });
      expect(b).toMatchObject({ columnId: 'b', completed: 6, failed: 2, errorRate: 0.25 });

      // The run's key is revoked: the gateways hear it, the registry refuses it, the worker gets NOT_FOUND.
      const revoked = await tap.waitFor((e) => e.type === EVENT_TYPES.apiKeyRevoked && e.data !== null && (e.data as { workspaceId: string }).workspaceId === acme.workspace.id);
      expect(revoked.length).toBeGreaterThanOrEqual(1);
      expect((await grpcError(gateway.service.authenticateApiKey({ apiKey: credential.apiKey }, gateway.metadata()))).code).toBe(status.NOT_FOUND);
      expect((await grpcError(grpc.service.getExperimentRunCredential({ runId: run.id }, grpc.metadata()))).code).toBe(status.NOT_FOUND);
    });

    it('re-runs the failed cells in a new dispatch with a new credential, and exports the run', async () => {
      const none = await registry.request<ErrorBody>('POST', `/v1/experiments/${experiment.id}/runs/${run.id}/rerun`, { token: token(), body: { scope: 'column', columnId: 'zz' } });
      expect(none.body.error.details![0]!.field).toBe('columnId');
      const missingField = await registry.request<ErrorBody>('POST', `/v1/experiments/${experiment.id}/runs/${run.id}/rerun`, { token: token(), body: { scope: 'row' } });
      expect(missingField.body.error.details).toEqual([{ field: 'datapointId', message: 'datapointId is required with scope row' }]);
      const rerun = await registry.request<RunView>('POST', `/v1/experiments/${experiment.id}/runs/${run.id}/rerun`, { token: token(), body: { scope: 'failed' } });
      expect(rerun.status).toBe(202);
      expect(rerun.body).toMatchObject({ status: 'queued', counts: { queued: 2, completed: 14, failed: 0 } });
      const [event] = await tap.waitFor((e) => e.type === EVENT_TYPES.experimentRunRequested && (e.data as ExperimentRunRequestedData).dispatch === 2);
      expect(event!.data).toMatchObject({ runId: run.id, dispatch: 2, cellCount: 2 });
      const { cells } = await lastValueFrom(grpc.service.listExperimentRunCells({ runId: run.id, dispatch: 2, pageSize: 0, pageToken: '' }, grpc.metadata()));
      expect(cells.map((c) => [c.columnId, c.rowIndex, c.attempt])).toEqual([
        ['b', 3, 2],
        ['b', 3, 2],
      ]);
      await lastValueFrom(grpc.service.getExperimentRunCredential({ runId: run.id }, grpc.metadata()));
      const busy = await registry.request<ErrorBody>('POST', `/v1/experiments/${experiment.id}/runs/${run.id}/rerun`, { token: token(), body: { scope: 'failed' } });
      expect(busy.status).toBe(409);

      const cancelled = await registry.request<RunView>('POST', `/v1/experiments/${experiment.id}/runs/${run.id}/cancel`, { token: token() });
      expect(cancelled.body).toMatchObject({ status: 'cancelled', counts: { queued: 0, cancelled: 2, completed: 14 } });
      await tap.waitFor((e) => e.type === EVENT_TYPES.experimentRunCancelled && e.subject === run.id);
      expect((await registry.request('POST', `/v1/experiments/${experiment.id}/runs/${run.id}/cancel`, { token: token() })).status).toBe(409);
      // A row or a cell the run does not have: named, and nothing changes (the transaction rolls back).
      const unknownId = '00000000-0000-4000-8000-000000000000';
      for (const [scope, field] of [['row', 'datapointId'], ['cell', 'cellId']] as const) {
        const missing = await registry.request<ErrorBody>('POST', `/v1/experiments/${experiment.id}/runs/${run.id}/rerun`, { token: token(), body: { scope, [field]: unknownId } });
        expect({ status: missing.status, details: missing.body.error.details }).toEqual({ status: 400, details: [{ field, message: `${field} names no cell of this run.` }] });
      }
      const unchanged = await registry.request<RunDetailsView>('GET', `/v1/experiments/${experiment.id}/runs/${run.id}`, { token: token() });
      expect(unchanged.body).toMatchObject({ status: 'cancelled', counts: { queued: 0, cancelled: 2, completed: 14 } });

      const csv = await registry.request('GET', `/v1/experiments/${experiment.id}/runs/${run.id}/export?format=csv`, { token: token() });
      const rows = csv.text.trim().split('\n');
      expect(rows).toHaveLength(17);
      expect(rows[0]).toContain('score.builtin.exact_match');
      const jsonlExport = await registry.request('GET', `/v1/experiments/${experiment.id}/runs/${run.id}/export?format=jsonl`, { token: token() });
      expect(jsonlExport.text.trim().split('\n').map((l) => JSON.parse(l) as { columnName: string })[0]).toMatchObject({ rowIndex: 0, columnName: 'A' });
    });

    it('compares two runs row by row', async () => {
      const second = (await registry.request<RunView>('POST', `/v1/experiments/${experiment.id}/runs`, { token: token() })).body;
      expect(second).toMatchObject({ number: 2, snapshot: { datasetRevision: 4 } });
      const { cells } = await lastValueFrom(grpc.service.listExperimentRunCells({ runId: second.id, dispatch: 1, pageSize: 0, pageToken: '' }, grpc.metadata()));
      const events = cells.map((cell) =>
        createEnvelope(EVENT_TYPES.experimentCellCompleted, '/x', second.id, {
          runId: second.id,
          workspaceId: acme.workspace.id,
          cellId: cell.cellId,
          attempt: 1,
          status: 'completed',
          output: 'x',
          finishReason: 'stop',
          latencyMs: 1,
          ttftMs: 1,
          inputTokens: 1,
          outputTokens: 1,
          costUsd: 0,
          scores: [{ evaluatorId: 'builtin.exact_match', score: 1, passed: true, reason: '', error: null }],
          error: null,
          completedAt: new Date().toISOString(),
        } satisfies ExperimentCellCompletedData),
      );
      await tap.produce(registry.topic(TOPICS.experimentResults), events);
      await eventually(async () => ((await registry.request<RunView>('GET', `/v1/experiments/${experiment.id}/runs/${second.id}`, { token: token() })).body.status === 'completed' ? true : undefined));
      const comparison = await registry.request<RunComparison>('GET', `/v1/experiments/${experiment.id}/runs/${second.id}/compare?baseline=${run.id}`, { token: token() });
      expect(comparison.status).toBe(200);
      const c1 = comparison.body.summary.find((s) => s.columnId === 'c1' && s.evaluatorId === 'builtin.exact_match')!;
      // Rows 1-3 went from 0 to 1; France was edited into Germany (same datapoint id): it stayed at 1.
      expect(c1).toMatchObject({ better: 3, worse: 0, same: 1 });
      expect(comparison.body.changed.every((r) => r.delta! > 0)).toBe(true);
    });

    it('shows another workspace nothing: 404 everywhere, and an empty list', async () => {
      const other = globex.apiKey.key;
      for (const path of [`/v1/datasets/${dataset.id}`, `/v1/experiments/${experiment.id}`, `/v1/experiments/${experiment.id}/runs/${run.id}`, `/v1/experiments/${experiment.id}/runs/${run.id}/cells`, `/v1/evaluators/${judge.id}`]) {
        expect({ path, status: (await registry.request('GET', path, { token: other })).status }).toEqual({ path, status: 404 });
      }
      expect((await registry.request<{ data: unknown[] }>('GET', '/v1/experiments', { token: other })).body.data).toEqual([]);
      expect((await registry.request<{ data: unknown[] }>('GET', '/v1/datasets', { token: other })).body.data).toEqual([]);
      // A forged result for another workspace's run changes nothing.
      const forged = createEnvelope(EVENT_TYPES.experimentCellCompleted, '/x', run.id, { runId: run.id, workspaceId: globex.workspace.id, cellId: run.id, attempt: 1, status: 'failed', output: null, finishReason: null, latencyMs: null, ttftMs: null, inputTokens: null, outputTokens: null, costUsd: null, scores: [], error: { code: 'x', message: 'x' }, completedAt: new Date().toISOString() });
      await tap.produce(registry.topic(TOPICS.experimentResults), [forged]);
      expect((await registry.request('DELETE', `/v1/datasets/${dataset.id}`, { token: token() })).status).toBe(409);
      expect((await registry.request('DELETE', `/v1/evaluators/${judge.id}`, { token: token() })).status).toBe(409);
    });
  });
});
