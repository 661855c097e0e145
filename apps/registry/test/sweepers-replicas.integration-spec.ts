import { type CreateWorkspaceResponse, type DatasetView, EVENT_TYPES, type ExperimentView, type ModelView, type RunView } from '@model-garden/contracts';
import { RequestStuckRunsCommand } from '../src/experiments/usecases/request-stuck-runs/request-stuck-runs.command';
import { RequestStuckRunsUseCase } from '../src/experiments/usecases/request-stuck-runs/request-stuck-runs.usecase';
import { RequestStuckValidationsCommand } from '../src/models/usecases/request-stuck-validations/request-stuck-validations.command';
import { RequestStuckValidationsUseCase } from '../src/models/usecases/request-stuck-validations/request-stuck-validations.usecase';
import { namesFor, type RegistryHarness, startRegistry, topicsReady } from './registry-harness';

/**
 * The registry's sweepers with two replicas on one database: both sweep at the same
 * moment, and each stuck model or run is asked for again exactly once (rows locked with
 * FOR UPDATE SKIP LOCKED, and a row one replica just handled no longer looks stuck to
 * the other). The sweepers' own timers are off; the test runs both sweeps itself.
 */
describe('stuck sweepers on two registry replicas', () => {
  const names = namesFor('sweepers_replicas');
  // 0 turns the timers off; the use cases are driven directly below.
  const shared = { DATABASE_SCHEMA: names.schema, KAFKA_TOPIC_PREFIX: names.topicPrefix, KAFKA_GROUP_ID: names.groupId, REGISTRY_VALIDATION_STUCK_AFTER_SECONDS: '0', EXPERIMENT_STUCK_AFTER_SECONDS: '0' };
  const replicas: RegistryHarness[] = [];
  let acme: CreateWorkspaceResponse;

  beforeAll(async () => {
    // The first replica makes the schema fresh; the second joins it.
    replicas.push(await startRegistry('sweepers_replicas', { KAFKA_TOPIC_PREFIX: names.topicPrefix, KAFKA_GROUP_ID: names.groupId, REGISTRY_VALIDATION_STUCK_AFTER_SECONDS: '0', EXPERIMENT_STUCK_AFTER_SECONDS: '0' }));
    replicas.push(await startRegistry('sweepers_replicas_2', shared));
    acme = await replicas[0]!.createWorkspace('acme');
    await topicsReady(replicas[0]!);
  });

  afterAll(async () => {
    for (const replica of replicas) await replica.close();
  });

  /** Makes a row look changed (and its events published) an hour ago: stuck for any threshold below that. */
  const ageRow = async (table: 'models' | 'experiment_runs', id: string): Promise<void> => {
    const db = replicas[0]!.db;
    await db.query(`UPDATE outbox SET published_at = now() - interval '1 hour', created_at = now() - interval '1 hour' WHERE message_key = $1`, [id]);
    await db.query(`UPDATE ${table} SET updated_at = now() - interval '1 hour' WHERE id = $1`, [id]);
  };

  const outboxCount = async (id: string, type: string): Promise<number> =>
    (await replicas[0]!.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM outbox WHERE message_key = $1 AND event->>'type' = $2`, [id, type])).rows[0]!.n;

  it('asks again for the validation of a stuck model once, although both replicas sweep at once', async () => {
    const token = acme.apiKey.key;
    const created = await replicas[0]!.request<ModelView>('POST', '/v1/models', { token, body: { type: 'chat', baseUrl: 'http://127.0.0.1:9/v1', apiKey: 'sk-0123456789', name: 'stuck', modelId: 'm', key: 'stuck', region: 'us' } });
    const model = created.body;
    expect(model.status).toBe('validating');
    const revision = (await replicas[0]!.db.query<{ revision: number }>('SELECT revision FROM models WHERE id = $1', [model.id])).rows[0]!.revision;
    const requestedBefore = await outboxCount(model.id, EVENT_TYPES.modelValidationRequested);
    await ageRow('models', model.id);

    const command = RequestStuckValidationsCommand.create({ stuckAfterSeconds: 60, batchSize: 100 });
    const results = await Promise.all(replicas.map((replica) => replica.app.get(RequestStuckValidationsUseCase).execute(command)));

    expect(results.flat().filter((id) => id === model.id)).toHaveLength(1);
    const after = (await replicas[0]!.db.query<{ revision: number }>('SELECT revision FROM models WHERE id = $1', [model.id])).rows[0]!.revision;
    expect(after).toBe(revision + 1);
    expect(await outboxCount(model.id, EVENT_TYPES.modelValidationRequested)).toBe(requestedBefore + 1);
  });

  it('asks again for a stuck run once, although both replicas sweep at once', async () => {
    const token = acme.apiKey.key;
    const model = (await replicas[0]!.request<ModelView>('POST', '/v1/models', { token, body: { type: 'chat', baseUrl: 'http://127.0.0.1:9/v1', apiKey: 'sk-0123456789', name: 'm', modelId: 'm', key: 'm', region: 'us' } })).body;
    const dataset = (await replicas[0]!.request<DatasetView>('POST', '/v1/datasets', { token, body: { name: 'd', datapoints: [{ inputs: { q: '1' } }] } })).body;
    const experiment = (
      await replicas[0]!.request<ExperimentView>('POST', '/v1/experiments', { token, body: { name: 'e', datasetId: dataset.id, columns: [{ kind: 'model', name: 'm', model: model.ref, messages: [{ role: 'user', content: '{{q}}' }] }] } })
    ).body;
    const run = (await replicas[0]!.request<RunView>('POST', `/v1/experiments/${experiment.id}/runs`, { token })).body;
    const requestedBefore = await outboxCount(run.id, EVENT_TYPES.experimentRunRequested);
    await ageRow('experiment_runs', run.id);

    const command = RequestStuckRunsCommand.create({ stuckAfterSeconds: 60, batchSize: 100 });
    const results = await Promise.all(replicas.map((replica) => replica.app.get(RequestStuckRunsUseCase).execute(command)));

    expect(results.flat().filter((id) => id === run.id)).toHaveLength(1);
    expect(await outboxCount(run.id, EVENT_TYPES.experimentRunRequested)).toBe(requestedBefore + 1);
  });
});
