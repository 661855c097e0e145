import {
  createEnvelope,
  type CreateWorkspaceResponse,
  type DeploymentConfig,
  type DeploymentListPage,
  type DeploymentVersionListPage,
  type DeploymentVersionView,
  type DeploymentView,
  type ErrorBody,
  EVENT_TYPES,
  type ModelView,
  TOPICS,
  type UsageRecordedData,
  type UsageReport,
} from '@model-garden/contracts';
import { firstValueFrom } from 'rxjs';
import { eventually, KafkaTap, type RegistryHarness, startRegistry, topicsReady } from './registry-harness';

/**
 * Deployments against real PostgreSQL and Kafka: create (version 1), publish, the
 * versions list, restore, delete; every bad field named by its path; the publish
 * checks against the models' validated capabilities (422); health; a model in use
 * cannot be deleted (409); DeploymentPublished/Deleted through the outbox; the gRPC
 * methods the gateway uses; another workspace sees nothing; versions are immutable
 * in the database itself; usage grouped by deployment and variant.
 */
describe('deployments', () => {
  let registry: RegistryHarness;
  let workspace: CreateWorkspaceResponse;
  let other: CreateWorkspaceResponse;
  let token: string;
  const tap = new KafkaTap('deployments');
  const models: Record<string, ModelView> = {};

  const call = async <T = DeploymentView>(method: string, path: string, payload?: unknown, as = token) => registry.request<T & ErrorBody>(method, path, { token: as, body: payload });

  /** A private model made `active` (or failed) with the given capabilities, as the validator would report them. */
  async function model(key: string, capabilities: Record<string, boolean>, status: 'active' | 'failed' = 'active', type = 'chat'): Promise<ModelView> {
    const created = await call<ModelView>('POST', '/v1/models', {
      type,
      baseUrl: 'http://127.0.0.1:9/v1',
      apiKey: `sk-test-${key}-0123456789`,
      name: key,
      modelId: key,
      key,
      region: 'eu',
    });
    expect(created.status).toBe(202);
    await tap.produce(registry.topic(TOPICS.validation), [
      createEnvelope(EVENT_TYPES.modelValidated, '/model-garden/validator', created.body.id, {
        modelId: created.body.id,
        workspaceId: workspace.workspace.id,
        revision: 1,
        status,
        checks: [{ name: 'connectivity', status: status === 'active' ? 'pass' : 'fail', latencyMs: 1, code: 'ok', message: status === 'active' ? 'ok' : 'The provider refused the key (401).' }],
        capabilities,
        validatedAt: new Date().toISOString(),
        attempts: 1,
      }),
    ]);
    models[key] = await eventually(async () => {
      const got = await call<ModelView>('GET', `/v1/models/${created.body.id}`);
      return got.body.status === status ? got.body : undefined;
    });
    return models[key]!;
  }

  const variant = (key: string, modelKey: string, extra: Record<string, unknown> = {}) => ({
    key,
    model: modelKey,
    messages: [
      { role: 'system', content: 'You answer for {{company}}.' },
      { role: 'user', content: '{{question}}' },
    ],
    variables: [
      { name: 'company', required: false, default: 'Acme' },
      { name: 'question', required: true },
    ],
    parameters: { temperature: 0.3, maxTokens: 200 },
    ...extra,
  });

  beforeAll(async () => {
    registry = await startRegistry('deployments', { OUTBOX_POLL_INTERVAL_MS: '10000' });
    workspace = await registry.createWorkspace('deploy-a');
    other = await registry.createWorkspace('deploy-b');
    token = workspace.apiKey.key;
    await topicsReady(registry);
    await tap.listen([registry.topic(TOPICS.deployments)]);
    await model('full', { chat: true, streaming: true, functionCalling: true, structuredOutput: true, vision: true });
    await model('basic', { chat: true, streaming: true, functionCalling: false, structuredOutput: false, vision: false });
    await model('broken', {}, 'failed');
  }, 60_000);

  afterAll(async () => {
    await tap.close();
    await registry?.close();
  });

  it('creates version 1 with models pinned by id, health and DeploymentPublished through the outbox', async () => {
    const created = await call('POST', '/v1/deployments', {
      key: 'support',
      description: 'Customer support',
      variants: [variant('a', 'full'), variant('b', `deploy-a@openailike/basic`, { fallbacks: [{ model: 'full' }] })],
      routing: { rules: [{ conditions: [{ field: 'plan', operator: 'eq', value: 'pro' }], variant: 'b' }], defaultVariant: 'a' },
      note: 'first',
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ key: 'support', currentVersion: 1, description: 'Customer support', health: { status: 'healthy', issues: [] } });
    expect(created.body.current.variants[1]!.model).toEqual({ id: models['basic']!.id, ref: 'deploy-a@openailike/basic', owner: 'private', type: 'chat', provider: 'openailike' });
    expect(created.body.current.variants[1]!.fallbacks).toEqual([{ model: expect.objectContaining({ id: models['full']!.id }) }]);
    expect(created.body.current).toMatchObject({ version: 1, note: 'first', publishedBy: workspace.apiKey.id, restoredFrom: null });

    const [event] = await tap.waitFor((e) => e.type === EVENT_TYPES.deploymentPublished && e.subject === created.body.id);
    expect(event!.data).toEqual({ deploymentId: created.body.id, workspaceId: workspace.workspace.id, key: 'support', version: 1, restoredFrom: null, publishedAt: created.body.current.publishedAt });

    const again = await call('POST', '/v1/deployments', { key: 'support', variants: [variant('a', 'full')] });
    expect(again.status).toBe(409);
    expect(again.body.error.details).toEqual([expect.objectContaining({ field: 'key' })]);
  });

  it('names every bad field by its path', async () => {
    const bad = await call('POST', '/v1/deployments', {
      key: 'Bad Key',
      variants: [
        variant('a', 'full'),
        {
          key: 'b',
          model: 'full',
          messages: [{ role: 'user', content: 42 }, { role: 'robot', content: 'Hi {{name}}' }],
          parameters: { temperature: 9, unknown: 1 },
        },
      ],
      extra: true,
    });
    expect(bad.status).toBe(400);
    const fields = bad.body.error.details!.map((d) => d.field);
    expect(fields).toEqual(
      expect.arrayContaining(['extra', 'key', 'variants[1].messages[0].content', 'variants[1].messages[1].role', 'variants[1].parameters.temperature', 'variants[1].parameters.unknown']),
    );

    const undeclared = await call('POST', '/v1/deployments', { key: 'undeclared', variants: [{ key: 'a', model: 'full', messages: [{ role: 'user', content: 'Hi {{name}}' }] }] });
    expect(undeclared.status).toBe(400);
    expect(undeclared.body.error.details).toEqual([{ field: 'variants[0].messages[0].content', message: expect.stringContaining('{{name}}, which is not declared') }]);

    const split = await call('POST', '/v1/deployments', {
      key: 'split',
      variants: [variant('a', 'full'), variant('b', 'full')],
      routing: { rules: [{ split: [{ variant: 'a', percent: 50 }, { variant: 'b', percent: 40 }] }], defaultVariant: 'c' },
    });
    expect(split.status).toBe(400);
    expect(split.body.error.details!.map((d) => d.field)).toEqual(['routing.defaultVariant', 'routing.rules[0].split']);
  });

  it('refuses at publish (422) a capability the model lacks, a missing model, and a non-chat model, naming variant, model and reason', async () => {
    const tools = [{ type: 'function', function: { name: 'lookup', parameters: { type: 'object', properties: {} } } }];
    const refused = await call('POST', '/v1/deployments', {
      key: 'tools',
      variants: [variant('ok', 'full', { parameters: { tools } }), variant('tooly', 'basic', { parameters: { tools } }), variant('ghost', 'nope'), variant('fb', 'full', { fallbacks: [{ model: 'basic' }], parameters: { tools } })],
    });
    expect(refused.status).toBe(422);
    expect(refused.body.error.code).toBe('deployment_not_publishable');
    expect(refused.body.error.details).toEqual([
      { field: 'variants[1].model', message: expect.stringMatching(/^Variant "tooly": model "basic" lacks function calling/) },
      { field: 'variants[2].model', message: expect.stringContaining('Variant "ghost": model "nope" does not exist') },
      { field: 'variants[3].fallbacks[0].model', message: expect.stringContaining('fallback model "basic" lacks function calling') },
    ]);
    expect((await call('GET', '/v1/deployments/tools')).status).toBe(404);

    const embed = await model('embedder', { embedding: true }, 'active', 'embedding');
    const wrongType = await call('POST', '/v1/deployments', { key: 'embed', variants: [variant('a', embed.key)] });
    expect(wrongType.status).toBe(422);
    expect(wrongType.body.error.details![0]!.message).toContain('is an embedding model; a deployment variant needs a chat or completion model');
  });

  it('publishes new versions, lists them, restores an old one as the newest, and keeps history immutable', async () => {
    const published = await call('PUT', '/v1/deployments/support', { variants: [variant('c', 'full')], note: 'one variant' });
    expect(published.status).toBe(200);
    expect(published.body).toMatchObject({ currentVersion: 2, description: 'Customer support', current: { version: 2, note: 'one variant', routing: { rules: [], defaultVariant: 'c' } } });

    const versions = await call<DeploymentVersionListPage>('GET', '/v1/deployments/support/versions');
    expect(versions.body.data.map((v) => [v.version, v.current, v.variants])).toEqual([
      [2, true, ['c']],
      [1, false, ['a', 'b']],
    ]);
    const v1 = await call<DeploymentVersionView>('GET', '/v1/deployments/support/versions/1');
    expect(v1.body.variants.map((v) => v.key)).toEqual(['a', 'b']);
    expect((await call('GET', '/v1/deployments/support/versions/9')).status).toBe(404);
    expect((await call('GET', '/v1/deployments/support/versions/x')).status).toBe(400);

    const restored = await call('POST', '/v1/deployments/support/versions/1/restore', {});
    expect(restored.status).toBe(200);
    expect(restored.body).toMatchObject({ currentVersion: 3, current: { version: 3, restoredFrom: 1, note: 'Restored from version 1: first' } });
    expect(restored.body.current.variants.map((v) => v.key)).toEqual(['a', 'b']);
    await tap.waitFor((e) => e.type === EVENT_TYPES.deploymentPublished && (e.data as { version: number }).version === 3);

    await expect(registry.db.query(`UPDATE deployment_versions SET note = 'changed' WHERE version = 1`)).rejects.toThrow(/immutable/);
    await expect(registry.db.query(`DELETE FROM deployment_versions WHERE version = 1`)).rejects.toThrow(/only with their deployment/);
  });

  it('shows health: a failed model with a serving fallback is degraded, without one failing', async () => {
    const created = await call('POST', '/v1/deployments', {
      key: 'fragile',
      variants: [variant('a', 'broken', { fallbacks: [{ model: 'full' }] }), variant('b', 'broken')],
    });
    expect(created.status).toBe(201);
    expect(created.body.health.status).toBe('failing');
    expect(created.body.health.issues).toEqual([
      { variant: 'a', model: 'deploy-a@openailike/broken', role: 'model', status: 'failed', reason: expect.stringContaining('401') },
      { variant: 'b', model: 'deploy-a@openailike/broken', role: 'model', status: 'failed', reason: expect.stringContaining('401') },
    ]);
    const list = await call<DeploymentListPage>('GET', '/v1/deployments?limit=1');
    expect(list.body.data).toHaveLength(1);
    expect(list.body.data[0]).toMatchObject({ key: 'fragile', currentVersion: 1, variants: [{ key: 'a', model: 'deploy-a@openailike/broken' }, { key: 'b', model: 'deploy-a@openailike/broken' }] });
    const next = await call<DeploymentListPage>('GET', `/v1/deployments?limit=1&cursor=${list.body.nextCursor}`);
    expect(next.body.data[0]!.key).toBe('support');
    expect(next.body.data[0]!.health.status).toBe('healthy');
  });

  it('refuses to delete a model a current version uses (409 naming the deployments)', async () => {
    const refused = await call('DELETE', `/v1/models/${models['basic']!.id}`);
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({ code: 'model_in_use', message: expect.stringContaining('"support"') });
    // A model only an old version used may go.
    await model('old', { chat: true, streaming: true });
    await call('POST', '/v1/deployments', { key: 'temp', variants: [variant('a', 'old')] });
    expect((await call('DELETE', `/v1/models/${models['old']!.id}`)).status).toBe(409);
    expect((await call('PUT', '/v1/deployments/temp', { variants: [variant('a', 'full')] })).status).toBe(200);
    expect((await call('DELETE', `/v1/models/${models['old']!.id}`)).status).toBe(204);
  });

  it('serves the gateway over gRPC, and keeps other workspaces out', async () => {
    const grpc = registry.grpc();
    const resolved = await firstValueFrom(grpc.service.resolveDeployment({ workspaceId: workspace.workspace.id, key: 'support' }, grpc.metadata()));
    expect(resolved).toMatchObject({ key: 'support', version: 3, workspaceId: workspace.workspace.id });
    const config = JSON.parse(resolved.configJson) as DeploymentConfig;
    expect(config.variants.map((v) => v.model.id)).toEqual([models['full']!.id, models['basic']!.id]);
    await expect(firstValueFrom(grpc.service.resolveDeployment({ workspaceId: other.workspace.id, key: 'support' }, grpc.metadata()))).rejects.toMatchObject({ code: 5 });

    const page1 = await firstValueFrom(grpc.service.listDeployments({ workspaceId: workspace.workspace.id, limit: 2, startingAfter: '', endingBefore: '' }, grpc.metadata()));
    expect(page1.hasMore).toBe(true);
    const page2 = await firstValueFrom(
      grpc.service.listDeployments({ workspaceId: workspace.workspace.id, limit: 2, startingAfter: page1.deployments[1]!.id, endingBefore: '' }, grpc.metadata()),
    );
    const back = await firstValueFrom(
      grpc.service.listDeployments({ workspaceId: workspace.workspace.id, limit: 2, startingAfter: '', endingBefore: page2.deployments[0]!.id }, grpc.metadata()),
    );
    expect(back.deployments.map((d) => d.key)).toEqual(page1.deployments.map((d) => d.key));

    expect((await call('GET', '/v1/deployments/support', undefined, other.apiKey.key)).status).toBe(404);
    expect((await call('GET', '/v1/deployments', undefined, other.apiKey.key)).body).toEqual({ data: [], nextCursor: null });
    expect((await call('PUT', '/v1/deployments/support', { variants: [variant('a', 'full')] }, other.apiKey.key)).status).toBe(404);
  });

  it('refuses keys without the deployment scopes', async () => {
    const readOnly = await registry.request<{ key: string }>('POST', '/v1/api-keys', { token, body: { label: 'ro', scopes: ['deployments:read'] } });
    expect(readOnly.status).toBe(201);
    expect((await call('GET', '/v1/deployments/support', undefined, readOnly.body.key)).status).toBe(200);
    expect((await call('PUT', '/v1/deployments/support', { variants: [variant('a', 'full')] }, readOnly.body.key)).status).toBe(403);
  });

  it('deletes a deployment with its versions and publishes DeploymentDeleted', async () => {
    const got = await call('GET', '/v1/deployments/temp');
    expect((await call('DELETE', '/v1/deployments/temp')).status).toBe(204);
    expect((await call('GET', '/v1/deployments/temp')).status).toBe(404);
    const rows = await registry.db.query('SELECT count(*)::int AS n FROM deployment_versions WHERE deployment_id = $1', [got.body.id]);
    expect(rows.rows[0].n).toBe(0);
    const [deleted] = await tap.waitFor((e) => e.type === EVENT_TYPES.deploymentDeleted && e.subject === got.body.id);
    expect(deleted!.data).toEqual({ deploymentId: got.body.id, workspaceId: workspace.workspace.id, key: 'temp', version: 2 });
  });

  it('documents the cache setting and the invalidate route in the OpenAPI document', async () => {
    const doc = await registry.request<{ paths: Record<string, Record<string, unknown>>; components: { schemas: Record<string, { properties: Record<string, unknown> }> } }>('GET', '/docs-json');
    expect(Object.keys(doc.body.paths['/v1/deployments/{key}/cache/invalidate']!)).toEqual(['post']);
    expect(doc.body.components.schemas['CreateDeploymentDto']!.properties).toHaveProperty('cache');
    expect(doc.body.components.schemas['PublishDeploymentDto']!.properties).toHaveProperty('cache');
    expect(doc.body.components.schemas['DeploymentVersionDto']!.properties).toHaveProperty('cache');
    expect(Object.keys(doc.body.components.schemas['DeploymentCacheSettingDto']!.properties).sort()).toEqual(['ttl', 'type']);
    expect(Object.keys(doc.body.components.schemas['DeploymentCacheInvalidationDto']!.properties).sort()).toEqual(['generation', 'invalidatedAt', 'key']);
  });

  it('groups usage by deployment, version and variant', async () => {
    const usage = (variantKey: string, version: number, cost: number): UsageRecordedData => ({
      requestId: `req-${Math.random().toString(36).slice(2)}`,
      workspaceId: workspace.workspace.id,
      apiKeyId: workspace.apiKey.id,
      modelId: models['full']!.id,
      modelRef: models['full']!.ref,
      endpoint: 'chat.completions',
      status: 200,
      inputTokens: 10,
      outputTokens: 5,
      estimated: false,
      costUsd: cost,
      latencyMs: 20,
      streamed: false,
      occurredAt: new Date().toISOString(),
      deploymentId: '00000000-0000-4000-8000-000000000001',
      deploymentKey: 'support',
      deploymentVersion: version,
      deploymentVariant: variantKey,
    });
    const events = [usage('a', 3, 0.01), usage('a', 3, 0.01), usage('b', 3, 0.02), usage('c', 2, 0.04)];
    const plain = { ...usage('x', 1, 1), requestId: 'plain-1' };
    delete plain.deploymentId;
    delete plain.deploymentKey;
    delete plain.deploymentVersion;
    delete plain.deploymentVariant;
    await tap.produce(
      registry.topic(TOPICS.usage),
      [...events, plain].map((e) => createEnvelope(EVENT_TYPES.usageRecorded, '/model-garden/gateway', e.modelId, e)),
    );
    const byVariant = await eventually(async () => {
      const report = await call<UsageReport>('GET', '/v1/usage?groupBy=deployment,variant');
      return report.body.totals?.requests === 5 ? report.body : undefined;
    });
    expect(byVariant.groups.map((g) => [g.key, g.deploymentKey, g.deploymentVariant, g.requests])).toEqual([
      ['support/a', 'support', 'a', 2],
      ['support/b', 'support', 'b', 1],
      ['support/c', 'support', 'c', 1],
    ]);
    const byVersion = await call<UsageReport>('GET', '/v1/usage?groupBy=deployment,version&deployment=support');
    expect(byVersion.body.totals.requests).toBe(4);
    expect(byVersion.body.groups.map((g) => [g.key, g.deploymentVersion, g.requests])).toEqual([
      ['support v2', 2, 1],
      ['support v3', 3, 3],
    ]);
  });
});
