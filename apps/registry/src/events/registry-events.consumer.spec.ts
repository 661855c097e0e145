import { createEnvelope, EVENT_TYPES } from '@model-garden/contracts';
import { classifyEventFailure, createLogger, MetricsService } from '@model-garden/platform';
import { type ChargeBudgetsCommand } from '../budgets/usecases/charge-budgets/charge-budgets.command';
import { type ChargeBudgetsUseCase } from '../budgets/usecases/charge-budgets/charge-budgets.usecase';
import { type RegistryConfig } from '../config/registry.config';
import { type ApplyCellResultCommand } from '../experiments/usecases/apply-cell-result/apply-cell-result.command';
import { type ApplyCellResultUseCase } from '../experiments/usecases/apply-cell-result/apply-cell-result.usecase';
import { type RegistryKafka } from '../infrastructure/kafka.provider';
import { type ApplyHealthChangeUseCase } from '../models/usecases/apply-health-change/apply-health-change.usecase';
import { type ApplyValidationResultCommand } from '../models/usecases/apply-validation-result/apply-validation-result.command';
import { type ApplyValidationResultUseCase } from '../models/usecases/apply-validation-result/apply-validation-result.usecase';
import { type RecordUsageCommand } from '../usage/usecases/record-usage/record-usage.command';
import { type RecordUsageUseCase } from '../usage/usecases/record-usage/record-usage.usecase';
import { type ApplyValidationProgressCommand } from '../models/usecases/apply-validation-progress/apply-validation-progress.command';
import { type ApplyValidationProgressUseCase } from '../models/usecases/apply-validation-progress/apply-validation-progress.usecase';
import { classifyRegistryEventFailure, RegistryEventsConsumer } from './registry-events.consumer';

/** The consumer only unwraps an event into a validated command for one use case. */
describe('RegistryEventsConsumer.handle', () => {
  const applied: ApplyValidationResultCommand[] = [];
  const cells: ApplyCellResultCommand[] = [];
  const progress: ApplyValidationProgressCommand[] = [];
  const usage: RecordUsageCommand[] = [];
  const charged: ChargeBudgetsCommand[] = [];
  let failNext = false;
  const applyValidation = {
    execute: async (command: ApplyValidationResultCommand) => {
      if (failNext) throw new Error('database unavailable');
      applied.push(command);
      return 'applied';
    },
  } as unknown as ApplyValidationResultUseCase;
  const consumer = new RegistryEventsConsumer(
    {} as RegistryKafka,
    {} as RegistryConfig,
    createLogger({ service: 'test', level: 'silent' }),
    applyValidation,
    {} as ApplyHealthChangeUseCase,
    { execute: async (command: RecordUsageCommand) => (usage.push(command), 'recorded') } as unknown as RecordUsageUseCase,
    { execute: async (command: ApplyCellResultCommand) => (cells.push(command), 'stored') } as unknown as ApplyCellResultUseCase,
    {
      execute: async (command: ChargeBudgetsCommand) => (charged.push(command), 'charged'),
      executeBatch: async (commands: ChargeBudgetsCommand[]) => (charged.push(...commands), commands.map(() => 'charged')),
    } as unknown as ChargeBudgetsUseCase,
    new MetricsService(),
    { execute: async (command: ApplyValidationProgressCommand) => (progress.push(command), 'applied') } as unknown as ApplyValidationProgressUseCase,
  );
  const modelId = '0b6f1c5e-3a0e-4a47-9d53-6e1d2f1b9d10';
  const data = {
    modelId,
    workspaceId: '6f9619ff-8b86-4d11-b42d-00c04fc964ff',
    revision: 3,
    status: 'active',
    checks: [{ name: 'chat', status: 'pass', latencyMs: 12, code: 'ok', message: 'ok' }],
    capabilities: { chat: true },
    validatedAt: '2030-01-01T00:00:00.000Z',
    attempts: 1,
    futureField: 'ignored',
  };

  beforeEach(() => {
    applied.length = 0;
    cells.length = 0;
    failNext = false;
  });

  it('records a UsageRecorded event and charges it to the budgets\' ledger, a cache hit marked as such', async () => {
    usage.length = 0;
    charged.length = 0;
    const event = {
      requestId: 'req-1',
      workspaceId: '6f9619ff-8b86-4d11-b42d-00c04fc964ff',
      apiKeyId: 'k1',
      modelId,
      modelRef: 'w@openailike/chat',
      endpoint: 'chat.completions',
      status: 200,
      inputTokens: 10,
      outputTokens: 5,
      estimated: false,
      costUsd: 0,
      latencyMs: 1,
      streamed: false,
      occurredAt: '2030-01-01T00:00:00.000Z',
      cached: true,
      savedCostUsd: 0.002,
    };
    await consumer.handle(createEnvelope(EVENT_TYPES.usageRecorded, '/gateway', 'req-1', event));
    expect(usage).toHaveLength(1);
    expect(charged).toHaveLength(1);
    expect(charged[0]).toMatchObject({ requestId: 'req-1', cached: true, savedCostUsd: 0.002, inputTokens: 10, outputTokens: 5 });
    expect(charged[0]).not.toHaveProperty('modelRef');
  });

  it('turns ModelValidated into a validated command carrying the event time', async () => {
    const time = new Date('2030-01-01T00:00:01.000Z');
    await consumer.handle(createEnvelope(EVENT_TYPES.modelValidated, '/validator', modelId, data, { time }));
    expect(applied).toHaveLength(1);
    expect(applied[0]).toMatchObject({ modelId, revision: 3, status: 'active', eventTime: time });
    expect(applied[0]).not.toHaveProperty('futureField');
  });

  it('refuses an event whose data can never be valid with a permanent failure naming the fields, not their values', async () => {
    const error: unknown = await consumer.handle(createEnvelope(EVENT_TYPES.modelValidated, '/validator', modelId, { ...data, revision: 'three', status: 'great' })).catch((e: unknown) => e);
    expect(applied).toHaveLength(0);
    const failure = classifyEventFailure(error, classifyRegistryEventFailure);
    expect(failure).toEqual({ kind: 'permanent', reason: 'invalid', detail: expect.stringContaining('revision') });
    expect(JSON.stringify(failure)).not.toContain('three');
  });

  it('lets a use-case failure propagate as transient, so Kafka redelivers the message', async () => {
    failNext = true;
    const error: unknown = await consumer.handle(createEnvelope(EVENT_TYPES.modelValidated, '/validator', modelId, data)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect(classifyEventFailure(error, classifyRegistryEventFailure)).toEqual({ kind: 'transient' });
  });

  it.each([
    ['a value out of range', { message: 'value "3000000000" is out of range for type integer', driverError: { code: '22003' } }, 'out_of_range'],
    ['an invalid text representation', { message: 'invalid input syntax', driverError: { code: '22P02' } }, 'data_exception'],
    ['a foreign key violation', { message: 'violates foreign key constraint', driverError: { code: '23503' } }, 'constraint'],
  ])('sees %s as permanent', (_, error, reason) => {
    expect(classifyEventFailure(error, classifyRegistryEventFailure)).toMatchObject({ kind: 'permanent', reason });
  });

  it.each([
    ['a refused connection', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' })],
    ['an administrator shutdown', { message: 'terminating connection due to administrator command', driverError: { code: '57P01' } }],
    ['a serialization failure', { message: 'could not serialize access', driverError: { code: '40001' } }],
  ])('sees %s as transient', (_, error) => {
    expect(classifyEventFailure(error, classifyRegistryEventFailure)).toEqual({ kind: 'transient' });
  });

  it('turns ModelValidationProgress into a validated command, suggestion included, and refuses a malformed one', async () => {
    const step = {
      modelId,
      workspaceId: data.workspaceId,
      revision: 3,
      attempt: 1,
      maxAttempts: 5,
      sequence: 4,
      changes: [{ check: 'chat', state: 'fail' }],
      checks: [{ name: 'chat', state: 'fail', latencyMs: 3, httpStatus: 400, code: 'provider_error', message: 'refused', suggestion: { message: 'Use Embedding.', field: 'type', value: 'embedding' } }],
      nextAttemptAt: null,
      at: '2030-01-01T00:00:00.000Z',
    };
    progress.length = 0;
    await consumer.handle(createEnvelope(EVENT_TYPES.modelValidationProgress, '/validator', modelId, step));
    expect(progress[0]).toMatchObject({ sequence: 4, checks: [{ state: 'fail', suggestion: { field: 'type', value: 'embedding' } }] });
    const bad = { ...step, checks: [{ name: 'chat', state: 'done', suggestion: { message: 'x', field: 'apiKey' } }] };
    const error: unknown = await consumer.handle(createEnvelope(EVENT_TYPES.modelValidationProgress, '/validator', modelId, bad)).catch((e: unknown) => e);
    expect(classifyEventFailure(error, classifyRegistryEventFailure)).toMatchObject({ kind: 'permanent', reason: 'invalid' });
    expect(progress).toHaveLength(1);
  });

  it('ignores event types that are not for the registry', async () => {
    await consumer.handle(createEnvelope(EVENT_TYPES.modelAdded, '/registry', modelId, {}));
    expect(applied).toHaveLength(0);
  });

  it('turns ExperimentCellCompleted into a validated command, and refuses a malformed one as a permanent failure', async () => {
    const cell = {
      runId: '0b6f1c5e-3a0e-4a47-9d53-6e1d2f1b9d11',
      workspaceId: '6f9619ff-8b86-4d11-b42d-00c04fc964ff',
      cellId: '0b6f1c5e-3a0e-4a47-9d53-6e1d2f1b9d12',
      attempt: 1,
      status: 'completed',
      output: 'Paris',
      finishReason: 'stop',
      latencyMs: 12.5,
      ttftMs: 3.1,
      inputTokens: 10,
      outputTokens: 2,
      costUsd: 0.00001,
      scores: [{ evaluatorId: 'builtin.exact_match', score: 1, passed: true, reason: 'equal', error: null }],
      error: null,
      completedAt: '2030-01-01T00:00:00.000Z',
    };
    await consumer.handle(createEnvelope(EVENT_TYPES.experimentCellCompleted, '/experiment-worker', cell.runId, cell));
    expect(cells).toHaveLength(1);
    expect(cells[0]).toMatchObject({ cellId: cell.cellId, attempt: 1, scores: [{ evaluatorId: 'builtin.exact_match', score: 1 }] });
    const error = await consumer.handle(createEnvelope(EVENT_TYPES.experimentCellCompleted, '/experiment-worker', cell.runId, { ...cell, attempt: 0, scores: [{ score: 'high' }] })).catch((e: unknown) => e);
    expect(cells).toHaveLength(1);
    expect(classifyEventFailure(error, classifyRegistryEventFailure)).toEqual({ kind: 'permanent', reason: 'invalid', detail: expect.stringContaining('attempt') });
  });
});
