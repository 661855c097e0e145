import { createEnvelope, EVENT_TYPES } from '@model-garden/contracts';
import { createLogger, MetricsService } from '@model-garden/platform';
import { type RegistryConfig } from '../config/registry.config';
import { type RegistryKafka } from '../infrastructure/kafka.provider';
import { type ApplyHealthChangeUseCase } from '../models/usecases/apply-health-change/apply-health-change.usecase';
import { type ApplyValidationResultCommand } from '../models/usecases/apply-validation-result/apply-validation-result.command';
import { type ApplyValidationResultUseCase } from '../models/usecases/apply-validation-result/apply-validation-result.usecase';
import { type RecordUsageUseCase } from '../usage/usecases/record-usage/record-usage.usecase';
import { RegistryEventsConsumer } from './registry-events.consumer';

/** The consumer only unwraps an event into a validated command for one use case. */
describe('RegistryEventsConsumer.handle', () => {
  const applied: ApplyValidationResultCommand[] = [];
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
    {} as RecordUsageUseCase,
    new MetricsService(),
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
    failNext = false;
  });

  it('turns ModelValidated into a validated command carrying the event time', async () => {
    const time = new Date('2030-01-01T00:00:01.000Z');
    await consumer.handle(createEnvelope(EVENT_TYPES.modelValidated, '/validator', modelId, data, { time }));
    expect(applied).toHaveLength(1);
    expect(applied[0]).toMatchObject({ modelId, revision: 3, status: 'active', eventTime: time });
    expect(applied[0]).not.toHaveProperty('futureField');
  });

  it('skips an event whose data can never be valid, without throwing', async () => {
    await expect(consumer.handle(createEnvelope(EVENT_TYPES.modelValidated, '/validator', modelId, { ...data, revision: 'three', status: 'great' }))).resolves.toBeUndefined();
    expect(applied).toHaveLength(0);
  });

  it('lets a use-case failure propagate, so Kafka redelivers the message', async () => {
    failNext = true;
    await expect(consumer.handle(createEnvelope(EVENT_TYPES.modelValidated, '/validator', modelId, data))).rejects.toThrow('database unavailable');
  });

  it('ignores event types that are not for the registry', async () => {
    await consumer.handle(createEnvelope(EVENT_TYPES.modelAdded, '/registry', modelId, {}));
    expect(applied).toHaveLength(0);
  });
});
