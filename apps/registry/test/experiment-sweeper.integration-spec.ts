import { type CreateWorkspaceResponse, type DatasetView, EVENT_TYPES, type ExperimentRunRequestedData, type ExperimentView, type ModelView, type RunView, TOPICS } from '@model-garden/contracts';
import { KafkaTap, type RegistryHarness, startRegistry, topicsReady } from './registry-harness';

/**
 * A run whose queued cells make no progress for EXPERIMENT_STUCK_AFTER_SECONDS is asked
 * for again (the same dispatch), so a cell lost with Kafka or Redis does not leave the
 * run `running` for ever; a run with progress, or finished, is left alone.
 */
describe('experiment run sweeper', () => {
  let registry: RegistryHarness;
  let acme: CreateWorkspaceResponse;
  const tap = new KafkaTap('experiment-sweeper');

  beforeAll(async () => {
    registry = await startRegistry('experiment_sweeper', { EXPERIMENT_STUCK_AFTER_SECONDS: '2', EXPERIMENT_SWEEP_INTERVAL_SECONDS: '1' });
    acme = await registry.createWorkspace('acme');
    await topicsReady(registry);
    await tap.listen([registry.topic(TOPICS.experiments)]);
  });

  afterAll(async () => {
    await tap.close();
    await registry?.close();
  });

  it('writes ExperimentRunRequested again for a run stuck with queued cells', async () => {
    const token = acme.apiKey.key;
    const model = (await registry.request<ModelView>('POST', '/v1/models', { token, body: { type: 'chat', baseUrl: 'http://127.0.0.1:9/v1', apiKey: 'sk-0123456789', name: 'm', modelId: 'm', key: 'm', region: 'us' } })).body;
    const dataset = (await registry.request<DatasetView>('POST', '/v1/datasets', { token, body: { name: 'd', datapoints: [{ inputs: { q: '1' } }] } })).body;
    const experiment = (
      await registry.request<ExperimentView>('POST', '/v1/experiments', { token, body: { name: 'e', datasetId: dataset.id, columns: [{ kind: 'model', name: 'm', model: model.ref, messages: [{ role: 'user', content: '{{q}}' }] }] } })
    ).body;
    const run = (await registry.request<RunView>('POST', `/v1/experiments/${experiment.id}/runs`, { token })).body;
    const requested = await tap.waitFor((e) => e.type === EVENT_TYPES.experimentRunRequested && e.subject === run.id, 2, 30_000);
    expect(requested.map((e) => e.data as ExperimentRunRequestedData)).toEqual([
      { runId: run.id, experimentId: experiment.id, workspaceId: acme.workspace.id, dispatch: 1, cellCount: 1 },
      { runId: run.id, experimentId: experiment.id, workspaceId: acme.workspace.id, dispatch: 1, cellCount: 1 },
    ]);
    expect(new Set(requested.map((e) => e.id)).size).toBe(2);

    // Cancelled: never asked for again.
    await registry.request('POST', `/v1/experiments/${experiment.id}/runs/${run.id}/cancel`, { token });
    const before = tap.events.filter((e) => e.type === EVENT_TYPES.experimentRunRequested && e.subject === run.id).length;
    await new Promise((resolve) => setTimeout(resolve, 4_000));
    expect(tap.events.filter((e) => e.type === EVENT_TYPES.experimentRunRequested && e.subject === run.id).length).toBe(before);
  });
});
