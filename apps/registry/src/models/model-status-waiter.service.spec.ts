import { type NotificationListener, type PgNotifications } from '../infrastructure/pg-notifications.service';
import { type ModelEntity } from './model.entity';
import { type ModelRepository } from './model.repository';
import { ModelStatusWaiter } from './model-status-waiter.service';

/** The ?wait logic with the database and LISTEN/NOTIFY replaced by in-memory fakes. */
describe('ModelStatusWaiter', () => {
  let row: Pick<ModelEntity, 'id' | 'revision' | 'status'> | null;
  let reads: number;
  let listener: NotificationListener | undefined;
  let waiter: ModelStatusWaiter;
  const model = { id: 'm1', revision: 2, status: 'validating' } as ModelEntity;

  beforeEach(() => {
    row = { ...model };
    reads = 0;
    const notifications = { on: (_kind: string, l: NotificationListener) => ((listener = l), () => undefined) } as unknown as PgNotifications;
    const repository = {
      findById: async () => {
        reads += 1;
        return row ? ({ ...row } as ModelEntity) : null;
      },
    } as unknown as ModelRepository;
    waiter = new ModelStatusWaiter(notifications, repository);
    waiter.onModuleInit();
  });

  it('answers at once when the result is already there', async () => {
    row = { ...model, status: 'active' };
    await expect(waiter.waitForResult(model, 5)).resolves.toMatchObject({ status: 'active' });
    expect(reads).toBe(1);
  });

  it('wakes on the notification for its model, not on another model\'s, without waiting for the poll', async () => {
    // No timer may fire in this test: the answer must come from the notification alone.
    jest.useFakeTimers();
    try {
      let answered: ModelEntity | undefined;
      void waiter.waitForResult(model, 5).then((m) => (answered = m));
      await jest.advanceTimersByTimeAsync(0);
      row = { ...model, status: 'failed' };
      listener?.('other-model');
      await jest.advanceTimersByTimeAsync(0);
      expect(answered).toBeUndefined();
      listener?.('m1');
      await jest.advanceTimersByTimeAsync(0);
      expect(answered).toMatchObject({ status: 'failed' });
    } finally {
      jest.useRealTimers();
    }
  });

  it('returns the model as it is when time runs out, or when a newer revision replaced it', async () => {
    const started = Date.now();
    await expect(waiter.waitForResult(model, 0.3)).resolves.toMatchObject({ status: 'validating', revision: 2 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    row = { ...model, revision: 3 };
    await expect(waiter.waitForResult(model, 5)).resolves.toMatchObject({ revision: 3, status: 'validating' });
  });

  it('lets held requests answer when the application shuts down', async () => {
    const pending = waiter.waitForResult(model, 30);
    await new Promise((resolve) => setTimeout(resolve, 20));
    waiter.beforeApplicationShutdown();
    await expect(pending).resolves.toMatchObject({ status: 'validating' });
  });
});
