import { type ExperimentCellCompletedData } from '@model-garden/contracts';
import { type CellEvaluator } from '../../../evaluation/cell-evaluator';
import { type CellEventsPublisher } from '../../../infrastructure/cell-events.publisher';
import { GatewayCallError, type GatewayClient, type StreamedAnswer } from '../../../infrastructure/gateway.client';
import { type ModelSlots } from '../../../infrastructure/model-slots';
import { type RunContext, type RunContexts } from '../../../infrastructure/run-contexts';
import { RunCellCommand } from './run-cell.command';
import { cellCost, RunCellUseCase } from './run-cell.usecase';

const answer: StreamedAnswer = { output: 'Paris', truncated: false, finishReason: 'stop', latencyMs: 120.4567, ttftMs: 30.1, inputTokens: 12, outputTokens: 3, costUsd: null };

function setup(options: { slot?: boolean; cancelled?: boolean; key?: string[]; stream?: () => Promise<StreamedAnswer> } = {}) {
  const published: ExperimentCellCompletedData[] = [];
  const calls: { key: string; body: Record<string, unknown> }[] = [];
  const released: string[] = [];
  const keys = [...(options.key ?? ['mgk_run_key'])];
  const run: RunContext = {
    runId: 'run-1',
    workspaceId: 'ws-1',
    status: 'running',
    dispatch: 1,
    concurrencyPerModel: 2,
    columns: new Map([['a', { id: 'a', name: 'A', kind: 'model', model: 'acme@openailike/chat', messages: [{ role: 'user', content: 'Capital of {{country}}?' }], parameters: { temperature: 0, maxTokens: 50 }, pricing: { inputPerMillionTokens: 1, outputPerMillionTokens: 2 } }]]),
    evaluators: [{ id: 'builtin.exact_match', name: 'Exact', type: 'exact_match', config: {} }],
  };
  const runs = {
    isCancelled: async () => options.cancelled ?? false,
    plan: async () => run,
    credential: async () => keys[0],
    dropCredential: () => keys.shift(),
  } as unknown as RunContexts;
  const slots = { acquire: async (_r: string, model: string) => (options.slot === false ? undefined : { release: async () => void released.push(model) }) } as unknown as ModelSlots;
  const gateway = {
    streamChat: async (key: string, body: Record<string, unknown>) => {
      calls.push({ key, body });
      return options.stream ? options.stream() : answer;
    },
  } as unknown as GatewayClient;
  const evaluator = { evaluate: async () => [{ evaluatorId: 'builtin.exact_match', score: 1, passed: true, reason: 'equal', error: null }] } as unknown as CellEvaluator;
  const events = { cellCompleted: async (data: ExperimentCellCompletedData) => void published.push(data) } as unknown as CellEventsPublisher;
  return { useCase: new RunCellUseCase(runs, slots, gateway, evaluator, events), published, calls, released };
}

const command = RunCellCommand.create({
  jobId: 'cell-1_a1',
  runId: 'run-1',
  workspaceId: 'ws-1',
  cellId: 'cell-1',
  attempt: 1,
  dispatch: 1,
  datapointId: 'd1',
  rowIndex: 0,
  columnId: 'a',
  repetition: 1,
  inputs: { country: 'France' },
  messages: [{ role: 'assistant', content: 'Sure.' }],
  expectedOutput: 'Paris',
  eventId: 'e1',
});

describe('RunCellUseCase', () => {
  it('renders the template, streams through the gateway with the run key, scores, prices and publishes the cell', async () => {
    const { useCase, published, calls, released } = setup();
    await expect(useCase.execute(command)).resolves.toEqual({ kind: 'published', status: 'completed' });
    expect(calls).toEqual([
      {
        key: 'mgk_run_key',
        body: { model: 'acme@openailike/chat', messages: [{ role: 'user', content: 'Capital of France?' }, { role: 'assistant', content: 'Sure.' }], temperature: 0, max_tokens: 50 },
      },
    ]);
    expect(published).toEqual([
      expect.objectContaining({ cellId: 'cell-1', attempt: 1, status: 'completed', output: 'Paris', latencyMs: 120.457, ttftMs: 30.1, inputTokens: 12, outputTokens: 3, costUsd: 0.000018, error: null }),
    ]);
    expect(JSON.stringify(published)).not.toContain('mgk_run_key');
    expect(released).toEqual(['acme@openailike/chat']);
  });

  it('records the model error as the cell error, without retrying', async () => {
    const { useCase, published } = setup({ stream: async () => Promise.reject(new GatewayCallError({ code: 'provider_error', message: 'upstream 500' }, false, 502)) });
    await expect(useCase.execute(command)).resolves.toEqual({ kind: 'published', status: 'failed' });
    expect(published[0]).toMatchObject({ status: 'failed', output: null, scores: [], error: { code: 'provider_error', message: 'upstream 500' } });
  });

  it('throws a platform failure, so the job is retried, and releases the slot', async () => {
    const { useCase, published, released } = setup({ stream: async () => Promise.reject(new GatewayCallError({ code: 'service_unavailable', message: 'ECONNREFUSED' }, true, null)) });
    await expect(useCase.execute(command)).rejects.toThrow('ECONNREFUSED');
    expect(published).toEqual([]);
    expect(released).toHaveLength(1);
  });

  it('fetches the key again once when the gateway refuses it, and skips the cell when the run has ended', async () => {
    let first = true;
    const refused = () => new GatewayCallError({ code: 'invalid_api_key', message: 'no' }, false, 401, true);
    const renewed = setup({
      key: ['old', 'new'],
      stream: async () => {
        if (first) {
          first = false;
          throw refused();
        }
        return answer;
      },
    });
    await expect(renewed.useCase.execute(command)).resolves.toEqual({ kind: 'published', status: 'completed' });
    expect(renewed.calls.map((c) => c.key)).toEqual(['old', 'new']);
    const ended = setup({ key: ['old'], stream: async () => Promise.reject(refused()) });
    await expect(ended.useCase.execute(command)).resolves.toMatchObject({ kind: 'skipped' });
    expect(ended.published).toEqual([]);
  });

  it('waits for a slot, skips cancelled runs, and fails a cell whose datapoint lacks a template variable', async () => {
    await expect(setup({ slot: false }).useCase.execute(command)).resolves.toEqual({ kind: 'wait', reason: 'slot' });
    const limited = setup({ stream: async () => Promise.reject(new GatewayCallError({ code: 'rate_limited', message: 'slow down' }, true, 429, false, 2_000)) });
    await expect(limited.useCase.execute(command)).resolves.toEqual({ kind: 'wait', reason: 'rate-limited', delayMs: 2_000 });
    expect(limited.released).toHaveLength(1);
    await expect(setup({ cancelled: true }).useCase.execute(command)).resolves.toMatchObject({ kind: 'skipped', reason: 'the run was cancelled' });
    const { useCase, published, calls } = setup();
    await useCase.execute(RunCellCommand.create({ ...command, inputs: { city: 'Paris' } }));
    expect(calls).toEqual([]);
    expect(published[0]).toMatchObject({ status: 'failed', error: { code: 'template_variable_missing', message: expect.stringContaining('"country"') } });
  });

  it('prices tokens per million, unpriced parts free, and no cost without usage', () => {
    expect(cellCost({ inputPerMillionTokens: 0.5, outputPerMillionTokens: 1.5 }, 1000, 200)).toBe(0.0008);
    expect(cellCost({}, 1000, 200)).toBe(0);
    expect(cellCost({ inputPerMillionTokens: 1 }, null, null)).toBeNull();
  });
});
