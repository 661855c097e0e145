import { createEnvelope, EVENT_TYPES, type ExperimentCellJobData, type ExperimentCellPlan } from '@model-garden/contracts';
import { type CellQueues } from '../../../infrastructure/cell-queues';
import { type RegistryClient } from '../../../infrastructure/registry.client';
import { type RunContext, type RunContexts } from '../../../infrastructure/run-contexts';
import { EnqueueRunCellsCommand } from './enqueue-run-cells.command';
import { EnqueueRunCellsUseCase } from './enqueue-run-cells.usecase';

const cell = (i: number, attempt = 1): ExperimentCellPlan => ({
  cellId: `cell-${i}`,
  datapointId: `d-${i}`,
  rowIndex: i,
  columnId: 'a',
  repetition: 1,
  attempt,
  inputsJson: JSON.stringify({ q: String(i) }),
  messagesJson: 'null',
  ...(i % 2 === 0 ? { expectedOutput: `e${i}` } : {}),
});

function setup(options: { status?: string; cancelled?: boolean; existing?: Record<string, { eventId: string; state: string }> } = {}) {
  const jobs = new Map<string, { data: ExperimentCellJobData; state: string; retried: boolean }>(
    Object.entries(options.existing ?? {}).map(([id, j]) => [id, { data: { eventId: j.eventId } as ExperimentCellJobData, state: j.state, retried: false }]),
  );
  const queues = {
    cells: {
      addBulk: async (items: { name: string; data: ExperimentCellJobData; opts: { jobId: string } }[]) =>
        items.map((item) => {
          const job = jobs.get(item.opts.jobId) ?? { data: item.data, state: 'waiting', retried: false };
          jobs.set(item.opts.jobId, job);
          return { data: job.data, getState: async () => job.state, retry: async () => void (job.retried = true) };
        }),
    },
  } as unknown as CellQueues;
  const registry = {
    listCells: async function* () {
      yield [cell(0), cell(1)];
      yield [cell(2, 3)];
    },
  } as unknown as RegistryClient;
  const runs = {
    isCancelled: async () => options.cancelled ?? false,
    plan: async () => ({ status: options.status ?? 'queued', dispatch: 1 }) as RunContext,
  } as unknown as RunContexts;
  return { useCase: new EnqueueRunCellsUseCase(registry, runs, queues), jobs };
}

const event = (data: unknown) => createEnvelope(EVENT_TYPES.experimentRunRequested, '/registry', 'run-1', data, { id: 'event-2' });
const command = () => {
  const built = EnqueueRunCellsCommand.fromEvent(event({ runId: 'run-1', experimentId: 'e', workspaceId: 'w', dispatch: 1, cellCount: 3 }));
  if (!built.ok) throw new Error(built.reason);
  return built.command;
};

describe('EnqueueRunCellsUseCase', () => {
  it('enqueues one job per queued cell attempt, with the datapoint and without any key', async () => {
    const { useCase, jobs } = setup();
    await expect(useCase.execute(command())).resolves.toEqual({ kind: 'enqueued', cells: 3, retried: 0 });
    expect([...jobs.keys()]).toEqual(['cell-0_a1', 'cell-1_a1', 'cell-2_a3']);
    expect(jobs.get('cell-0_a1')!.data).toEqual({
      runId: 'run-1',
      workspaceId: 'w',
      cellId: 'cell-0',
      attempt: 1,
      dispatch: 1,
      datapointId: 'd-0',
      rowIndex: 0,
      columnId: 'a',
      repetition: 1,
      inputs: { q: '0' },
      messages: null,
      expectedOutput: 'e0',
      eventId: 'event-2',
    });
  });

  it('leaves existing jobs alone, and retries one that gave up on a cell the registry still waits for', async () => {
    const { useCase, jobs } = setup({ existing: { 'cell-0_a1': { eventId: 'event-1', state: 'active' }, 'cell-1_a1': { eventId: 'event-1', state: 'failed' } } });
    await expect(useCase.execute(command())).resolves.toEqual({ kind: 'enqueued', cells: 3, retried: 1 });
    expect(jobs.get('cell-0_a1')!.retried).toBe(false);
    expect(jobs.get('cell-1_a1')!.retried).toBe(true);
  });

  it('enqueues nothing for a cancelled run', async () => {
    await expect(setup({ cancelled: true }).useCase.execute(command())).resolves.toMatchObject({ kind: 'not-needed' });
    await expect(setup({ status: 'cancelled' }).useCase.execute(command())).resolves.toMatchObject({ kind: 'not-needed' });
  });

  it('refuses a malformed event without retrying it', () => {
    expect(EnqueueRunCellsCommand.fromEvent(event({ runId: 'run-1', workspaceId: 'w', dispatch: 0 }))).toEqual({ ok: false, reason: 'data.dispatch is not a positive integer' });
    expect(EnqueueRunCellsCommand.fromEvent(createEnvelope(EVENT_TYPES.experimentRunCancelled, '/r', 'x', {}))).toMatchObject({ ok: false });
  });
});
