import { Metadata, status } from '@grpc/grpc-js';
import { type CreateWorkspaceResponse, type ModelView, type ResolvedModel, TOPICS } from '@model-garden/contracts';
import { type RegistryGrpcClient, SecretCipher } from '@model-garden/platform';
import { lastValueFrom, type Observable } from 'rxjs';
import { DataSource } from 'typeorm';
import { SecretReencryptor } from '../src/database/secret-reencryptor';
import { eventually, GATEWAY_TOKEN, KafkaTap, KEY_1, KEY_2, modelValidated, namesFor, type RegistryHarness, startRegistry, topicsReady, VALIDATOR_TOKEN } from './registry-harness';

const GROQ_KEY = 'gsk_platform_test_key_0001';

async function grpcError(call: Observable<unknown>): Promise<{ code: number; details: string }> {
  try {
    await lastValueFrom(call);
  } catch (error) {
    return error as { code: number; details: string };
  }
  throw new Error('the call succeeded');
}

/** The internal gRPC API over a real connection: service token, decrypted keys for platform services, listing, key rotation. */
describe('registry gRPC', () => {
  let registry: RegistryHarness;
  /** The gateway's client, and the validator's. */
  let grpc: RegistryGrpcClient;
  let validator: RegistryGrpcClient;
  let acme: CreateWorkspaceResponse;
  let globex: CreateWorkspaceResponse;
  let model: ModelView;
  const providerKey = 'sk-provider-secret-0123456789';
  const tap = new KafkaTap('grpc');

  beforeAll(async () => {
    registry = await startRegistry('grpc', { GROQ_API_KEY: GROQ_KEY });
    grpc = registry.grpc(GATEWAY_TOKEN);
    validator = registry.grpc(VALIDATOR_TOKEN);
    acme = await registry.createWorkspace('acme');
    globex = await registry.createWorkspace('globex');
    const created = await registry.request<ModelView>('POST', '/v1/models', {
      token: acme.apiKey.key,
      body: { type: 'chat', baseUrl: 'http://127.0.0.1:9/v1', apiKey: providerKey, name: 'Resolvable', modelId: 'upstream-chat', key: 'resolvable', region: 'us', maxTokens: 256, temperature: 0.2, pricing: { inputPerMillionTokens: 1, outputPerMillionTokens: 2 } },
    });
    model = created.body;
    await topicsReady(registry);
  });

  afterAll(async () => {
    await tap.close();
    await registry?.close();
  });

  it('lets each service call only its own methods (PERMISSION_DENIED otherwise, before any work)', async () => {
    const denied = [
      ['gateway', grpc.service.getModelForValidation({ modelId: model.id }, grpc.metadata()), 'GetModelForValidation'],
      ['gateway', grpc.service.listActiveModels({ pageSize: 10, pageToken: '' }, grpc.metadata()), 'ListActiveModels'],
      ['validator', validator.service.authenticateApiKey({ apiKey: acme.apiKey.key }, validator.metadata()), 'AuthenticateApiKey'],
      ['validator', validator.service.resolveModel({ workspaceId: acme.workspace.id, model: model.id }, validator.metadata()), 'ResolveModel'],
      ['validator', validator.service.listModels({ workspaceId: acme.workspace.id }, validator.metadata()), 'ListModels'],
    ] as const;
    for (const [service, call, method] of denied) {
      const error = await grpcError(call);
      expect([error.code, error.details]).toEqual([status.PERMISSION_DENIED, `The ${service} service may not call ${method}.`]);
      expect(error.details).not.toContain(providerKey);
    }
  });

  it('refuses every rpc without the service token, or with a wrong one (UNAUTHENTICATED)', async () => {
    const wrong = registry.grpc('not-the-service-token-000');
    const calls = (client: RegistryGrpcClient, metadata?: Metadata): Observable<unknown>[] => [
      client.service.authenticateApiKey({ apiKey: acme.apiKey.key }, metadata),
      client.service.resolveModel({ workspaceId: acme.workspace.id, model: model.id }, metadata),
      client.service.getModelForValidation({ modelId: model.id }, metadata),
      client.service.listModels({ workspaceId: acme.workspace.id }, metadata),
      client.service.listActiveModels({ pageSize: 10, pageToken: '' }, metadata),
    ];
    for (const call of [...calls(grpc, new Metadata()), ...calls(wrong, wrong.metadata())]) {
      const error = await grpcError(call);
      expect(error.code).toBe(status.UNAUTHENTICATED);
      expect(error.details).toContain('x-service-token');
    }
  });

  it('authenticates a workspace key; unknown and revoked keys are NOT_FOUND', async () => {
    const auth = await lastValueFrom(grpc.service.authenticateApiKey({ apiKey: acme.apiKey.key }, grpc.metadata()));
    expect(auth).toEqual({
      apiKeyId: acme.apiKey.id,
      workspaceId: acme.workspace.id,
      workspaceSlug: 'acme',
      scopes: ['models:read', 'models:write', 'deployments:read', 'deployments:write', 'inference', 'usage:read', 'api-keys:manage', 'experiments:read', 'experiments:write', 'budgets:read', 'budgets:write'],
      expiresAtMs: 0,
      rateLimitPerMinute: 0,
      prefix: acme.apiKey.prefix,
      regionsRestricted: false,
      allowedRegions: [],
    });
    const issued = await registry.request<{ id: string; key: string; expiresAt: string }>('POST', '/v1/api-keys', {
      token: acme.apiKey.key,
      body: { label: 'gateway test', scopes: ['inference'], expiresAt: '2099-06-01T00:00:00Z' },
    });
    expect((await lastValueFrom(grpc.service.authenticateApiKey({ apiKey: issued.body.key }, grpc.metadata()))).expiresAtMs).toBe(Date.parse('2099-06-01T00:00:00Z'));
    await registry.request('DELETE', `/v1/api-keys/${issued.body.id}`, { token: acme.apiKey.key });
    expect((await grpcError(grpc.service.authenticateApiKey({ apiKey: issued.body.key }, grpc.metadata()))).code).toBe(status.NOT_FOUND);
    expect((await grpcError(grpc.service.authenticateApiKey({ apiKey: 'mgk_aaaaaaaaaaaa_' + 'b'.repeat(43) }, grpc.metadata()))).code).toBe(status.NOT_FOUND);
    expect((await grpcError(grpc.service.authenticateApiKey({ apiKey: '' }, grpc.metadata()))).code).toBe(status.INVALID_ARGUMENT);
  });

  it('resolves a private model by ref, key or id with its decrypted provider key', async () => {
    for (const reference of ['acme@openailike/resolvable', 'resolvable', model.id]) {
      const resolved = await lastValueFrom(grpc.service.resolveModel({ workspaceId: acme.workspace.id, model: reference }, grpc.metadata()));
      // proto-loader adds the synthetic oneof names of proto3 optionals (_maxTokens…); compare the fields.
      expect(resolved).toMatchObject<ResolvedModel>({
        id: model.id,
        workspaceId: acme.workspace.id,
        ref: 'acme@openailike/resolvable',
        key: 'resolvable',
        owner: 'private',
        provider: 'openailike',
        type: 'chat',
        baseUrl: 'http://127.0.0.1:9/v1',
        upstreamModelId: 'upstream-chat',
        status: 'validating',
        revision: 1,
        maxTokens: 256,
        temperature: 0.2,
        pricing: { inputPerMillionTokens: 1, outputPerMillionTokens: 2 },
        capabilities: {},
        apiKey: providerKey,
        statusMessage: '',
        name: 'Resolvable',
        region: 'us',
      });
    }
  });

  it("answers NOT_FOUND for another workspace's model, however it is named", async () => {
    for (const reference of ['acme@openailike/resolvable', 'resolvable', model.id, 'nothing-like-it']) {
      const error = await grpcError(grpc.service.resolveModel({ workspaceId: globex.workspace.id, model: reference }, grpc.metadata()));
      expect([reference, error.code]).toEqual([reference, status.NOT_FOUND]);
    }
    expect((await grpcError(grpc.service.resolveModel({ workspaceId: 'not-a-uuid', model: 'x' }, grpc.metadata()))).code).toBe(status.INVALID_ARGUMENT);
  });

  it('resolves public models with the platform credential, or as unavailable without one or when disabled', async () => {
    const groq = await lastValueFrom(grpc.service.resolveModel({ workspaceId: acme.workspace.id, model: 'groq/llama-3.3-70b-versatile' }, grpc.metadata()));
    expect(groq).toMatchObject({ id: 'groq/llama-3.3-70b-versatile', owner: 'public', provider: 'groq', status: 'active', apiKey: GROQ_KEY, baseUrl: 'https://api.groq.com/openai/v1', upstreamModelId: 'llama-3.3-70b-versatile', pricing: { inputPerMillionTokens: 0.59, outputPerMillionTokens: 0.79 } });
    const openai = await lastValueFrom(grpc.service.resolveModel({ workspaceId: acme.workspace.id, model: 'openai/gpt-4o-mini' }, grpc.metadata()));
    expect(openai).toMatchObject({ status: 'unavailable', apiKey: '', statusMessage: expect.stringContaining('OPENAI_API_KEY') });

    const disabled = await registry.request('PATCH', '/v1/catalogue/groq/llama-3.3-70b-versatile', { token: globex.apiKey.key, body: { enabled: false } });
    expect(disabled.status).toBe(200);
    const forGlobex = await lastValueFrom(grpc.service.resolveModel({ workspaceId: globex.workspace.id, model: 'groq/llama-3.3-70b-versatile' }, grpc.metadata()));
    expect(forGlobex).toMatchObject({ status: 'unavailable', apiKey: '', statusMessage: expect.stringContaining('Disabled') });
    // Per workspace: acme still has it.
    expect((await lastValueFrom(grpc.service.resolveModel({ workspaceId: acme.workspace.id, model: 'groq/llama-3.3-70b-versatile' }, grpc.metadata()))).status).toBe('active');
  });

  it('gives the validator any model by id with its key; NOT_FOUND for an unknown id', async () => {
    const forValidation = await lastValueFrom(validator.service.getModelForValidation({ modelId: model.id }, validator.metadata()));
    expect(forValidation).toMatchObject({ id: model.id, workspaceId: acme.workspace.id, revision: 1, apiKey: providerKey });
    expect((await grpcError(validator.service.getModelForValidation({ modelId: '6f9619ff-8b86-4d11-b42d-00c04fc964ff' }, validator.metadata()))).code).toBe(status.NOT_FOUND);
  });

  it("lists a workspace's private models and the public models it can use, without credentials", async () => {
    const { models } = await lastValueFrom(grpc.service.listModels({ workspaceId: acme.workspace.id }, grpc.metadata()));
    expect(models[0]).toMatchObject({ id: model.id, ref: 'acme@openailike/resolvable', key: 'resolvable', owner: 'private', type: 'chat', status: 'validating', name: 'Resolvable', createdAtMs: Date.parse(model.createdAt) });
    const publicRefs = models.filter((m) => m.owner === 'public').map((m) => m.ref);
    expect(publicRefs).toContain('groq/llama-3.1-8b-instant');
    expect(publicRefs.every((r) => r.startsWith('groq/'))).toBe(true);
    expect(JSON.stringify(models)).not.toContain(providerKey);
    const globexModels = await lastValueFrom(grpc.service.listModels({ workspaceId: globex.workspace.id }, grpc.metadata()));
    expect(globexModels.models.map((m) => m.ref)).not.toContain('groq/llama-3.3-70b-versatile');
    expect(globexModels.models.some((m) => m.owner === 'private')).toBe(false);
  });

  it('lists models in service across workspaces page by page, for health checks', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 3; i += 1) {
      const created = await registry.request<ModelView>('POST', '/v1/models', {
        token: i === 0 ? globex.apiKey.key : acme.apiKey.key,
        body: { type: 'embedding', baseUrl: 'http://127.0.0.1:9/v1', apiKey: `sk-active-${i}-000000000`, name: `Active ${i}`, modelId: `active-${i}`, region: 'eu' },
      });
      ids.push(created.body.id);
    }
    await tap.produce(registry.topic(TOPICS.validation), ids.map((id, i) => modelValidated({ id, workspaceId: i === 0 ? globex.workspace.id : acme.workspace.id }, 1, 'active')));
    await eventually(async () => {
      const { rows } = await registry.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM models WHERE status = 'active'`);
      return rows[0]!.n === 3 ? true : undefined;
    });
    const seen: string[] = [];
    let pageToken = '';
    do {
      const page = await lastValueFrom(validator.service.listActiveModels({ pageSize: 2, pageToken }, validator.metadata()));
      expect(page.models.length).toBeLessThanOrEqual(2);
      for (const m of page.models) {
        expect(m).toMatchObject({ revision: 1, type: 'embedding', status: 'active' });
        seen.push(m.id);
      }
      pageToken = page.nextPageToken;
    } while (pageToken);
    expect(seen.sort()).toEqual([...ids].sort());
    expect(seen).not.toContain(model.id); // still validating
  });

  it('re-encrypts every provider key under the newest key; a registry holding only that key still serves them', async () => {
    const dataSource = registry.app.get(DataSource);
    const rotated = SecretCipher.fromEnv(`${KEY_1},${KEY_2}`);
    expect(rotated.activeKeyId).toBe('k2');
    const report = await new SecretReencryptor(dataSource, rotated, 2).run();
    const { rows } = await registry.db.query<{ key_id: string; n: number }>('SELECT api_key_key_id AS key_id, count(*)::int AS n FROM models GROUP BY 1');
    expect(rows).toEqual([{ key_id: 'k2', n: report.reencrypted }]);
    expect(report.failed).toEqual([]);
    expect(await new SecretReencryptor(dataSource, rotated).run()).toMatchObject({ reencrypted: 0 });

    // A second replica on the same schema, topics and group, holding only the new key.
    const names = namesFor('grpc');
    const successor = await startRegistry('grpc-k2', {
      DATABASE_SCHEMA: names.schema,
      KAFKA_TOPIC_PREFIX: names.topicPrefix,
      KAFKA_GROUP_ID: names.groupId,
      ENCRYPTION_KEYS: KEY_2,
      GROQ_API_KEY: GROQ_KEY,
    });
    try {
      const client = successor.grpc();
      const resolved = await lastValueFrom(client.service.resolveModel({ workspaceId: acme.workspace.id, model: 'resolvable' }, client.metadata()));
      expect(resolved.apiKey).toBe(providerKey);
    } finally {
      await successor.close();
    }
  });
});
