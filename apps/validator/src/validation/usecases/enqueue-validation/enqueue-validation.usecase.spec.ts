import { createEnvelope, EVENT_TYPES, type ModelChangedData } from '@model-garden/contracts';
import { type ValidationQueues } from '../../../infrastructure/validation-queues';
import { EnqueueValidationCommand } from './enqueue-validation.command';
import { EnqueueValidationUseCase } from './enqueue-validation.usecase';

const data: ModelChangedData = { modelId: 'm-1', workspaceId: 'w-1', revision: 3, type: 'chat', baseUrl: 'https://api.example.com/v1', upstreamModelId: 'x' };

function command(type: string, overrides: Partial<ModelChangedData> = {}, id?: string) {
  const built = EnqueueValidationCommand.fromEvent(createEnvelope(type as never, '/test', 'm-1', { ...data, ...overrides }, id ? { id } : {}));
  if (!built.ok) throw new Error(built.reason);
  return built.command;
}

describe('EnqueueValidationUseCase', () => {
  const jobs = new Map<string, { data: { eventId: string } }>();
  const queues = {
    validation: {
      add: jest.fn(async (_name: string, jobData: { eventId: string }, opts: { jobId: string }) => {
        if (!jobs.has(opts.jobId)) jobs.set(opts.jobId, { data: jobData });
        return jobs.get(opts.jobId);
      }),
    },
  } as unknown as ValidationQueues;
  const useCase = new EnqueueValidationUseCase(queues);

  beforeEach(() => jobs.clear());

  it('enqueues one job per revision, so a duplicate event is a no-op', async () => {
    expect(await useCase.execute(command(EVENT_TYPES.modelAdded, {}, 'e-1'))).toEqual({ kind: 'enqueued', jobId: 'm-1_r3' });
    expect(await useCase.execute(command(EVENT_TYPES.modelAdded, {}, 'e-1-republished'))).toEqual({ kind: 'duplicate', jobId: 'm-1_r3' });
    expect(jobs.size).toBe(1);
    expect(await useCase.execute(command(EVENT_TYPES.modelValidationRequested, { revision: 4 }, 'e-2'))).toEqual({ kind: 'enqueued', jobId: 'm-1_r4' });
    expect(queues.validation.add).toHaveBeenCalledWith('validate-model', { modelId: 'm-1', workspaceId: 'w-1', revision: 3, eventId: 'e-1' }, { jobId: 'm-1_r3' });
  });

  it('validates a ModelUpdated only when a revalidating field changed', async () => {
    expect(await useCase.execute(command(EVENT_TYPES.modelUpdated, { changed: ['name', 'pricing'] }))).toEqual({ kind: 'not-needed' });
    expect((await useCase.execute(command(EVENT_TYPES.modelUpdated, { changed: ['name', 'apiKey'], revision: 5 }))).kind).toBe('enqueued');
    expect((await useCase.execute(command(EVENT_TYPES.modelUpdated, { revision: 6 }))).kind).toBe('enqueued');
  });
});

describe('EnqueueValidationCommand', () => {
  it('refuses events that are not triggers, and malformed data, saying why', () => {
    const deleted = EnqueueValidationCommand.fromEvent(createEnvelope(EVENT_TYPES.modelDeleted, '/t', 'm', { modelId: 'm', workspaceId: 'w', revision: 1 }));
    expect(deleted).toEqual({ ok: false, malformed: false, reason: `${EVENT_TYPES.modelDeleted} does not ask for a validation` });
    const noRevision = EnqueueValidationCommand.fromEvent(createEnvelope(EVENT_TYPES.modelAdded, '/t', 'm', { modelId: 'm', workspaceId: 'w', revision: 0 }));
    expect(noRevision).toEqual({ ok: false, malformed: true, reason: 'data.revision is not a positive integer' });
    const noModel = EnqueueValidationCommand.fromEvent(createEnvelope(EVENT_TYPES.modelAdded, '/t', 'm', null));
    expect(noModel).toEqual({ ok: false, malformed: true, reason: 'event data is not an object' });
  });

  it('names every malformed field at once, and keeps the changed fields it is given', () => {
    const bad = EnqueueValidationCommand.fromEvent(createEnvelope(EVENT_TYPES.modelUpdated, '/t', 'm', { modelId: '', workspaceId: 7, revision: 2, changed: ['name', 3] }));
    expect(bad).toEqual({ ok: false, malformed: true, reason: 'data.modelId is missing; data.workspaceId is missing; data.changed is not a list of field names' });
    const good = EnqueueValidationCommand.fromEvent(createEnvelope(EVENT_TYPES.modelUpdated, '/t', 'm', { modelId: 'm', workspaceId: 'w', revision: 2, changed: ['name'], extra: true }));
    expect(good.ok && [good.command.changed, good.command.needsValidation, good.command]).toEqual([['name'], false, expect.not.objectContaining({ extra: true })]);
  });
});

