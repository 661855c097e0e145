import { randomBytes } from 'node:crypto';
import {
  type CellPage,
  type CellView,
  type CreateWorkspaceResponse,
  type DatasetImportResult,
  type DatasetView,
  type DeploymentView,
  type EvaluatorView,
  type ExperimentView,
  type ModelView,
  type RunDetailsView,
  type RunView,
} from '@model-garden/contracts';

/**
 * Experiments end to end through the running processes (registry, experiment worker,
 * gateway, validator, mock provider, real PostgreSQL, Redis and Kafka): a 50-row
 * dataset imported from JSONL, four columns (two private mock chat models, a deployment
 * over a third one whose `{{country}}` template the datapoints' inputs fill, and a
 * failing model), two repetitions, four evaluators (exact match, JSON Schema, cosine
 * similarity with mock-embed, an LLM judge on a mock chat model). Everything is read
 * back through the registry's public API.
 */
const registry = process.env['E2E_REGISTRY_URL']!;
const mockUrl = process.env['E2E_MOCK_PROVIDER_URL']!;
const mockKey = process.env['E2E_MOCK_PROVIDER_API_KEY']!;
const ROWS = 50;
const COLUMNS = 4;
const REPETITIONS = 2;

interface Answer<T> {
  status: number;
  body: T;
  text: string;
}

async function call<T>(method: string, path: string, token: string, body?: unknown, contentType = 'application/json'): Promise<Answer<T>> {
  const response = await fetch(`${registry}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { 'content-type': contentType } : {}) },
    body: body === undefined ? null : typeof body === 'string' ? body : JSON.stringify(body),
    signal: AbortSignal.timeout(60_000),
  });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T, text };
}

async function scenario(body: Record<string, unknown>): Promise<void> {
  const response = await fetch(`${mockUrl}/__mock/scenarios`, { method: 'POST', headers: { authorization: `Bearer ${mockKey}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  expect(response.status).toBe(201);
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 180_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (sorted.length - 1) * p;
  return sorted[Math.floor(rank)]! + (sorted[Math.ceil(rank)]! - sorted[Math.floor(rank)]!) * (rank - Math.floor(rank));
}

const mean = (values: number[]): number => values.reduce((a, b) => a + b, 0) / values.length;

describe('an experiment run over the running stack', () => {
  const suffix = randomBytes(4).toString('hex');
  const brokenModelId = `exp-broken-${suffix}`;
  let acme: CreateWorkspaceResponse;
  let token: string;
  let experiment: ExperimentView;
  let run: RunView;
  let finished: RunDetailsView;
  let cells: CellView[];
  const evaluatorIds: Record<'exact' | 'schema' | 'cosine' | 'judge', string> = { exact: 'builtin.exact_match', schema: '', cosine: '', judge: '' };

  async function register(key: string, modelId: string, type: string, pricing = { inputPerMillionTokens: 1, outputPerMillionTokens: 2 }): Promise<ModelView> {
    const answer = await call<ModelView>('POST', '/v1/models?wait=30', token, {
      type,
      baseUrl: `${mockUrl}/v1`,
      apiKey: mockKey,
      name: key,
      modelId,
      key,
      region: 'eu',
      pricing,
    });
    expect([key, answer.status, answer.body.status]).toEqual([key, 200, 'active']);
    return answer.body;
  }

  async function allCells(): Promise<CellView[]> {
    const page = await call<CellPage>('GET', `/v1/experiments/${experiment.id}/runs/${run.id}/cells?limit=1000`, token);
    expect(page.body.nextCursor).toBeNull();
    return page.body.data;
  }

  async function waitForRun(status: string): Promise<RunDetailsView> {
    return until(`run ${status}`, async () => {
      const got = await call<RunDetailsView>('GET', `/v1/experiments/${experiment.id}/runs/${run.id}`, token);
      return got.body.status === status ? got.body : undefined;
    });
  }

  beforeAll(async () => {
    const created = await call<CreateWorkspaceResponse>('POST', '/v1/workspaces', process.env['E2E_ADMIN_TOKEN']!, { slug: `exp-${suffix}`, name: 'Experiments e2e' });
    expect(created.status).toBe(201);
    acme = created.body;
    token = acme.apiKey.key;
    await scenario({ id: brokenModelId, base: 'mock-chat' });
    const [a, b, , broken, embed] = await Promise.all([
      register('chat-a', 'mock-chat', 'chat'),
      register('chat-b', 'mock-chat', 'chat'),
      // The deployment's model has its own prices: the cells' cost must be the gateway's.
      register('chat-c', 'mock-chat', 'chat', { inputPerMillionTokens: 3, outputPerMillionTokens: 4 }),
      register('chat-broken', brokenModelId, 'chat'),
      register('embed', 'mock-embed', 'embedding'),
    ]);
    // The third column's upstream now fails every call.
    await scenario({ id: brokenModelId, base: 'mock-chat', failStatus: 500 });

    const rows = Array.from({ length: ROWS }, (_, i) => ({
      inputs: { country: `Country ${i}` },
      // Even rows expect exactly what the mock answers to column A's prompt.
      expectedOutput: i % 2 === 0 ? `Mock reply to: Capital of Country ${i}?` : `Somewhere ${i}`,
      metadata: { row: i },
    }));
    const dataset = (await call<DatasetView>('POST', '/v1/datasets', token, { name: 'Capitals' })).body;
    const imported = await call<DatasetImportResult>('POST', `/v1/datasets/${dataset.id}/import?format=jsonl`, token, rows.map((r) => JSON.stringify(r)).join('\n'), 'application/x-ndjson');
    expect(imported.status).toBe(201);
    expect(imported.body).toMatchObject({ imported: ROWS, dataset: { rowCount: ROWS } });

    const evaluator = async (body: Record<string, unknown>): Promise<string> => {
      const answer = await call<EvaluatorView>('POST', '/v1/evaluators', token, body);
      expect(answer.status).toBe(201);
      return answer.body.id;
    };
    evaluatorIds.schema = await evaluator({ name: 'Capital as JSON', type: 'json_schema', config: { schema: { type: 'object', properties: { capital: { type: 'string' } }, required: ['capital'] } } });
    evaluatorIds.cosine = await evaluator({ name: 'Close to expected', type: 'cosine_similarity', config: { model: embed.ref, passThreshold: 0.5 } });
    evaluatorIds.judge = await evaluator({
      name: 'Judge',
      type: 'llm_judge',
      config: { model: a.ref, rubric: 'Question: {{input}}\nAnswer: {{output}}\nExpected: {{expected}}\nHow good is the answer?', scale: { type: 'numeric', min: 1, max: 5 } },
    });

    const template = [{ role: 'user', content: 'Capital of {{country}}?' }];
    const deployment = await call<DeploymentView>('POST', '/v1/deployments', token, {
      key: 'capitals',
      variants: [{ key: 'only', model: 'chat-c', messages: template, variables: [{ name: 'country', required: true }], parameters: { temperature: 0 } }],
    });
    expect([deployment.status, deployment.text]).toEqual([201, deployment.text]);

    // A deployment column must name a deployment of the workspace.
    const unknown = await call<{ error: { details: Array<{ field: string }> } }>('POST', '/v1/experiments', token, {
      name: 'Unknown deployment',
      datasetId: dataset.id,
      columns: [
        { id: 'a', kind: 'model', name: 'A', model: a.ref, messages: template },
        { id: 'd', kind: 'deployment', name: 'D', deployment: 'no-such-deployment' },
      ],
      evaluatorIds: [evaluatorIds.exact],
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.details.map((d) => d.field)).toEqual(['columns[1].deployment']);
    expect(unknown.text).toContain('no-such-deployment');

    const created2 = await call<ExperimentView>('POST', '/v1/experiments', token, {
      name: 'Mock capitals',
      datasetId: dataset.id,
      columns: [
        { id: 'a', kind: 'model', name: 'A plain', model: a.ref, messages: template, parameters: { temperature: 0 } },
        {
          id: 'b',
          kind: 'model',
          name: 'B JSON',
          model: b.id,
          messages: template,
          parameters: { responseFormat: { type: 'json_schema', json_schema: { name: 'answer', schema: { type: 'object', properties: { capital: { type: 'string' } }, required: ['capital'] } } } },
        },
        { id: 'dep', kind: 'deployment', name: 'Deployed', deployment: 'capitals' },
        { id: 'broken', kind: 'model', name: 'Broken', model: broken.ref, messages: template },
      ],
      evaluatorIds: [evaluatorIds.exact, evaluatorIds.schema, evaluatorIds.cosine, evaluatorIds.judge],
      repetitions: REPETITIONS,
      concurrencyPerModel: 4,
    });
    expect(created2.status).toBe(201);
    experiment = created2.body;
    const started = await call<RunView>('POST', `/v1/experiments/${experiment.id}/runs`, token);
    expect(started.status).toBe(202);
    run = started.body;
    expect(run.counts.total).toBe(ROWS * COLUMNS * REPETITIONS);
    finished = await waitForRun('completed');
    cells = await allCells();
  }, 300_000);

  it('finishes every cell: answers with latency, TTFT, tokens, cost and four scores; the failing column records its errors', () => {
    expect(finished.counts).toEqual({ queued: 0, completed: ROWS * (COLUMNS - 1) * REPETITIONS, failed: ROWS * REPETITIONS, cancelled: 0, total: ROWS * COLUMNS * REPETITIONS });
    expect(cells).toHaveLength(ROWS * COLUMNS * REPETITIONS);
    const answered = cells.filter((c) => c.columnId !== 'broken');
    for (const cell of answered) {
      expect(cell).toMatchObject({ status: 'completed', finishReason: 'stop', error: null, attempt: 1 });
      expect(cell.latencyMs).toBeGreaterThan(0);
      expect(cell.ttftMs).toBeGreaterThan(0);
      expect(cell.ttftMs!).toBeLessThanOrEqual(cell.latencyMs!);
      expect(cell.inputTokens).toBeGreaterThan(0);
      expect(cell.outputTokens).toBeGreaterThan(0);
      // The deployment's model costs 3 and 4 per million tokens, the others 1 and 2.
      const [inputPrice, outputPrice] = cell.columnId === 'dep' ? [3, 4] : [1, 2];
      expect(cell.costUsd).toBeCloseTo((cell.inputTokens! * inputPrice + cell.outputTokens! * outputPrice) / 1e6, 12);
      expect(cell.scores.map((s) => s.evaluatorId)).toEqual([evaluatorIds.exact, evaluatorIds.schema, evaluatorIds.cosine, evaluatorIds.judge]);
      for (const score of cell.scores) {
        expect([cell.columnId, score.evaluatorId, score.error]).toEqual([cell.columnId, score.evaluatorId, null]);
        expect(score.score).toBeGreaterThanOrEqual(0);
        expect(score.score).toBeLessThanOrEqual(1);
      }
    }
    const a = answered.filter((c) => c.columnId === 'a');
    expect(a.every((c) => c.output === `Mock reply to: Capital of Country ${c.rowIndex}?`)).toBe(true);
    expect(a.every((c) => c.scores[0]!.score === (c.rowIndex % 2 === 0 ? 1 : 0))).toBe(true);
    expect(a.every((c) => c.scores[1]!.score === 0)).toBe(true);
    // The deployment renders its template with each datapoint's inputs.
    const dep = answered.filter((c) => c.columnId === 'dep');
    expect(dep).toHaveLength(ROWS * REPETITIONS);
    expect(dep.every((c) => c.output === `Mock reply to: Capital of Country ${c.rowIndex}?`)).toBe(true);
    expect(dep.every((c) => c.scores[0]!.score === (c.rowIndex % 2 === 0 ? 1 : 0))).toBe(true);
    const b = answered.filter((c) => c.columnId === 'b');
    expect(b.every((c) => c.scores[1]!.score === 1 && c.scores[0]!.score === 0)).toBe(true);
    // Cosine similarity of identical texts is 1 (the mock's embeddings are deterministic).
    expect(a.filter((c) => c.rowIndex % 2 === 0).every((c) => Math.abs(c.scores[2]!.score! - 1) < 1e-6)).toBe(true);

    const broken = cells.filter((c) => c.columnId === 'broken');
    expect(broken).toHaveLength(ROWS * REPETITIONS);
    for (const cell of broken) {
      expect(cell).toMatchObject({ status: 'failed', output: null, scores: [] });
      expect(cell.error?.code).toEqual(expect.any(String));
      expect(cell.error?.message).toEqual(expect.any(String));
    }
  });

  it('aggregates per column match the cells', () => {
    for (const aggregate of finished.aggregates) {
      const mine = cells.filter((c) => c.columnId === aggregate.columnId);
      const done = mine.filter((c) => c.status === 'completed');
      expect(aggregate).toMatchObject({ cells: mine.length, completed: done.length, failed: mine.length - done.length });
      expect(aggregate.errorRate).toBeCloseTo((mine.length - done.length) / mine.length, 6);
      expect(aggregate.tokens).toEqual({ input: done.reduce((s, c) => s + c.inputTokens!, 0), output: done.reduce((s, c) => s + c.outputTokens!, 0) });
      if (done.length === 0) {
        expect(aggregate.latencyMs).toEqual({ p50: null, p95: null });
        continue;
      }
      expect(aggregate.costUsd.total).toBeCloseTo(done.reduce((s, c) => s + c.costUsd!, 0), 9);
      expect(aggregate.latencyMs.p50).toBeCloseTo(percentile(done.map((c) => c.latencyMs!), 0.5), 3);
      expect(aggregate.ttftMs.p95).toBeCloseTo(percentile(done.map((c) => c.ttftMs!), 0.95), 3);
      for (const [i, score] of aggregate.scores.entries()) {
        expect(score.mean).toBeCloseTo(mean(done.map((c) => c.scores[i]!.score!)), 5);
        expect(score.scored).toBe(done.length);
      }
    }
    expect(finished.aggregates.find((x) => x.columnId === 'a')!.scores[0]!.mean).toBeCloseTo(0.5, 6);
  });

  it("records the run's calls as the workspace's usage at the gateway, like any client's", async () => {
    // Per answered cell: its streamed answer (a model's or the deployment's), one embedding call and one judge call.
    const usage = await until('usage of the run', async () => {
      const report = await call<{ totals: { requests: number; inputTokens: number } }>('GET', '/v1/usage?groupBy=model', token);
      return report.body.totals.requests >= ROWS * COLUMNS * REPETITIONS + 2 * ROWS * (COLUMNS - 1) * REPETITIONS ? report.body : undefined;
    }, 60_000);
    expect(usage.totals.inputTokens).toBeGreaterThan(0);
  });

  it('re-running the failed cells after the model is fixed completes them', async () => {
    await scenario({ id: brokenModelId, base: 'mock-chat' });
    const rerun = await call<RunView>('POST', `/v1/experiments/${experiment.id}/runs/${run.id}/rerun`, token, { scope: 'failed' });
    expect(rerun.status).toBe(202);
    expect(rerun.body.counts).toMatchObject({ queued: ROWS * REPETITIONS, failed: 0 });
    const again = await waitForRun('completed');
    expect(again.counts).toMatchObject({ completed: ROWS * COLUMNS * REPETITIONS, failed: 0, queued: 0 });
    const fixed = (await allCells()).filter((c) => c.columnId === 'broken');
    expect(fixed.every((c) => c.status === 'completed' && c.attempt === 2 && c.latencyMs! > 0 && c.scores.length === 4)).toBe(true);
  }, 200_000);

  it('shows another workspace none of it', async () => {
    const other = await call<CreateWorkspaceResponse>('POST', '/v1/workspaces', process.env['E2E_ADMIN_TOKEN']!, { slug: `exp-other-${suffix}`, name: 'Other' });
    const key = other.body.apiKey.key;
    expect((await call('GET', `/v1/experiments/${experiment.id}`, key)).status).toBe(404);
    expect((await call('GET', `/v1/experiments/${experiment.id}/runs/${run.id}/cells`, key)).status).toBe(404);
    expect((await call<{ data: unknown[] }>('GET', '/v1/experiments', key)).body.data).toEqual([]);
    expect((await call<{ data: unknown[] }>('GET', '/v1/datasets', key)).body.data).toEqual([]);
    expect((await call<{ data: EvaluatorView[] }>('GET', '/v1/evaluators', key)).body.data.every((e) => e.builtIn)).toBe(true);
  });
});
