import { createEnvelope, type CreateWorkspaceResponse, type ErrorBody, EVENT_TYPES, type ModelChangedData, type ModelListPage, type ModelView, TOPICS } from '@model-garden/contracts';
import { SecretCipher } from '@model-garden/platform';
import { decryptModelSecret } from '../src/models/model-secret.util';
import { eventually, KafkaTap, KEY_1, modelValidated, type RegistryHarness, startRegistry, topicsReady } from './registry-harness';

/**
 * A model's life against real PostgreSQL and Kafka: 202 then the validation
 * event, ?wait, revision bumps, key rotation, masking, encryption at rest, and
 * idempotent handling of duplicate and stale validation and health events. The
 * validator is simulated by producing its events to Kafka.
 */
describe('model lifecycle', () => {
  let registry: RegistryHarness;
  let workspace: CreateWorkspaceResponse;
  let token: string;
  const tap = new KafkaTap('lifecycle');
  let counter = 0;
  const secrets: string[] = [];

  const secret = (): string => {
    const value = `sk-live-${Math.random().toString(36).slice(2)}${Math.random().toString(36).slice(2)}`;
    secrets.push(value);
    return value;
  };
  const body = (extra: Record<string, unknown> = {}): Record<string, unknown> => ({
    type: 'chat',
    baseUrl: 'http://127.0.0.1:9/v1',
    apiKey: secret(),
    name: `Model ${++counter}`,
    modelId: `upstream-${counter}`,
    region: 'us',
    pricing: { inputPerMillionTokens: 0.5, outputPerMillionTokens: 1.5 },
    ...extra,
  });
  const responses: string[] = [];
  const call = async <T = ModelView>(method: string, path: string, payload?: unknown) => {
    const result = await registry.request<T & ErrorBody>(method, path, { token, body: payload });
    responses.push(result.text);
    return result;
  };
  const ws = () => ({ workspaceId: workspace.workspace.id });
  const validationTopic = () => registry.topic(TOPICS.validation);
  const modelEvents = (id: string, type?: string) => tap.events.filter((e) => e.subject === id && (!type || e.type === type));

  async function activeModel(extra: Record<string, unknown> = {}): Promise<ModelView> {
    const created = await call('POST', '/v1/models', body(extra));
    expect(created.status).toBe(202);
    await tap.produce(validationTopic(), [modelValidated({ id: created.body.id, ...ws() }, 1, 'active')]);
    return eventually(async () => {
      const got = await call('GET', `/v1/models/${created.body.id}`);
      return got.body.status === 'active' ? got.body : undefined;
    });
  }

  async function consumed(type: string, outcome: string): Promise<number> {
    const metrics = await registry.request('GET', '/metrics', { internal: true });
    const line = metrics.text.split('\n').find((l) => l.startsWith('model_garden_registry_events_consumed_total{') && l.includes(`type="${type}"`) && l.includes(`outcome="${outcome}"`));
    return line ? Number(line.split(' ').pop()) : 0;
  }

  beforeAll(async () => {
    // A slow poll: events must reach Kafka through the commit-time NOTIFY, not the poll.
    registry = await startRegistry('lifecycle', { OUTBOX_POLL_INTERVAL_MS: '10000' });
    workspace = await registry.createWorkspace('lifecycle');
    token = workspace.apiKey.key;
    await topicsReady(registry);
    await tap.listen([registry.topic(TOPICS.models)]);
  });

  afterAll(async () => {
    await tap.close();
    await registry?.close();
  });

  it('answers 202 validating, publishes ModelAdded promptly without the key, then applies ModelValidated', async () => {
    const payload = body();
    const created = await call('POST', '/v1/models', payload);
    expect(created.status).toBe(202);
    expect(created.body).toMatchObject({ status: 'validating', revision: 1, validation: null, owner: 'private' });

    const [added] = await tap.waitFor((e) => e.type === EVENT_TYPES.modelAdded && e.subject === created.body.id);
    expect(added!.data).toEqual({ modelId: created.body.id, workspaceId: workspace.workspace.id, revision: 1, type: 'chat', baseUrl: 'http://127.0.0.1:9/v1', upstreamModelId: payload['modelId'] });
    expect(JSON.stringify(added)).not.toContain(payload['apiKey'] as string);
    // The relay marks the row published once Kafka acknowledged it, which may be after this consumer already has the event.
    const lagMs = await eventually(async () => {
      const { rows } = await registry.db.query<{ lag_ms: number | null }>(`SELECT (extract(epoch FROM published_at - created_at) * 1000)::float8 AS lag_ms FROM outbox WHERE id = $1`, [added!.id]);
      expect(rows[0]!.lag_ms).not.toBeNull();
      return rows[0]!.lag_ms!;
    });
    expect(lagMs).toBeLessThan(2_000); // the poll is 10 s: NOTIFY woke the relay

    const validatedAt = new Date();
    await tap.produce(validationTopic(), [modelValidated({ id: created.body.id, ...ws() }, 1, 'active', { time: validatedAt })]);
    const active = await eventually(async () => {
      const got = await call('GET', `/v1/models/${created.body.id}`);
      return got.body.status === 'active' ? got.body : undefined;
    });
    expect(active.validation).toEqual({
      checks: [
        { name: 'connectivity', status: 'pass', latencyMs: 3, code: 'ok', message: 'Connected.' },
        { name: 'chat', status: 'pass', latencyMs: 40, httpStatus: 200, code: 'ok', message: 'The model answered.' },
      ],
      capabilities: { chat: true, streaming: true },
      validatedAt: validatedAt.toISOString(),
    });
    expect(active.statusMessage).toBeNull();
  });

  it('?wait holds the answer until the validation result arrives (200 active, or failed with the reason)', async () => {
    const started = Date.now();
    const pending = call('POST', '/v1/models?wait=15', body());
    const [added] = await tap.waitFor((e) => e.type === EVENT_TYPES.modelAdded && !modelEvents(e.subject, EVENT_TYPES.modelValidated).length && e.time >= new Date(started).toISOString());
    await tap.produce(validationTopic(), [modelValidated({ id: added!.subject, ...ws() }, 1, 'active')]);
    const answered = await pending;
    expect(answered.status).toBe(200);
    expect(answered.body).toMatchObject({ id: added!.subject, status: 'active', revision: 1 });
    expect(Date.now() - started).toBeLessThan(10_000);

    const failing = call('POST', '/v1/models?wait=15', body());
    const [second] = await tap.waitFor((e) => e.type === EVENT_TYPES.modelAdded && e.subject !== added!.subject && e.time >= new Date(started).toISOString());
    await tap.produce(validationTopic(), [modelValidated({ id: second!.subject, ...ws() }, 1, 'failed', { message: 'The provider refused the API key (401): check it.' })]);
    const failed = await failing;
    expect(failed.status).toBe(200);
    expect(failed.body).toMatchObject({ status: 'failed', statusMessage: 'The provider refused the API key (401): check it.' });
  });

  it('?wait answers 202 validating when no result arrives in time', async () => {
    const started = Date.now();
    const result = await call('POST', '/v1/models?wait=1', body());
    expect(result.status).toBe(202);
    expect(result.body.status).toBe('validating');
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('name, prices and defaults change without a new revision; baseUrl, modelId, type and apiKey bump it', async () => {
    const model = await activeModel();
    const id = model.id;

    const renamed = await call('PATCH', `/v1/models/${id}`, { name: 'Renamed', pricing: { inputPerMillionTokens: 1, outputPerMillionTokens: 2 }, temperature: 0.3, maxTokens: 512, description: 'new' });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ name: 'Renamed', revision: 1, status: 'active', temperature: 0.3, maxTokens: 512, pricing: { inputPerMillionTokens: 1, outputPerMillionTokens: 2 } });
    const [updated] = await tap.waitFor((e) => e.subject === id && e.type === EVENT_TYPES.modelUpdated);
    expect((updated!.data as ModelChangedData).revision).toBe(1);
    expect((updated!.data as ModelChangedData).changed?.sort()).toEqual(['description', 'maxTokens', 'name', 'pricing', 'temperature']);

    const unchanged = await call('PATCH', `/v1/models/${id}`, { name: 'Renamed' });
    expect(unchanged.status).toBe(200);
    expect(unchanged.body.updatedAt).toBe(renamed.body.updatedAt);

    const steps: [Record<string, unknown>, string][] = [
      [{ baseUrl: 'http://127.0.0.1:10/v1' }, 'baseUrl'],
      [{ modelId: 'another-upstream' }, 'modelId'],
      [{ type: 'completion' }, 'type'],
      [{ apiKey: secret() }, 'apiKey'],
    ];
    let revision = 1;
    for (const [change, field] of steps) {
      const result = await call('PATCH', `/v1/models/${id}`, change);
      revision += 1;
      expect(result.status).toBe(202);
      expect(result.body).toMatchObject({ revision, status: 'validating', validation: null });
      const events = await tap.waitFor((e) => e.subject === id && e.type === EVENT_TYPES.modelUpdated && (e.data as ModelChangedData).revision === revision);
      expect((events[0]!.data as ModelChangedData).changed).toEqual([field]);
    }
    const sameKeyAgain = await call('GET', `/v1/models/${id}`);
    expect(sameKeyAgain.body.revision).toBe(5);

    // The type change is checked against the stored prices: token prices cannot stay on an image model.
    const toImage = await call('PATCH', `/v1/models/${id}`, { type: 'image' });
    expect(toImage.status).toBe(400);
    expect(toImage.body.error.details?.map((d) => d.field).sort()).toEqual(['pricing.inputPerMillionTokens', 'pricing.outputPerMillionTokens']);
    const withPrices = await call('PATCH', `/v1/models/${id}`, { type: 'image', pricing: { perImage: 0.02 } });
    expect(withPrices.status).toBe(202);
    expect(withPrices.body).toMatchObject({ type: 'image', revision: 6, pricing: { perImage: 0.02 } });
  });

  it('PATCH validates like POST and writes nothing on a bad field', async () => {
    const model = await activeModel();
    const result = await call('PATCH', `/v1/models/${model.id}`, { name: '', baseUrl: 'http://169.254.169.254/', unknown: 1, maxTokens: 0 });
    expect(result.status).toBe(400);
    expect(result.body.error.details?.map((d) => d.field).sort()).toEqual(['baseUrl', 'maxTokens', 'name', 'unknown']);
    const after = await call('GET', `/v1/models/${model.id}`);
    expect(after.body).toEqual(model);
  });

  it('rotates the provider key: new ciphertext, new hint, new revision, re-validated (with ?wait)', async () => {
    const model = await activeModel();
    const before = (await registry.db.query<{ api_key_ciphertext: string }>('SELECT api_key_ciphertext FROM models WHERE id = $1', [model.id])).rows[0]!;
    const newKey = secret();
    const rotating = call('PUT', `/v1/models/${model.id}/api-key?wait=15`, { apiKey: newKey });
    const [event] = await tap.waitFor((e) => e.subject === model.id && e.type === EVENT_TYPES.modelUpdated && (e.data as ModelChangedData).revision === 2);
    expect((event!.data as ModelChangedData).changed).toEqual(['apiKey']);
    await tap.produce(validationTopic(), [modelValidated({ id: model.id, ...ws() }, 2, 'active')]);
    const rotated = await rotating;
    expect(rotated.status).toBe(200);
    expect(rotated.body).toMatchObject({ revision: 2, status: 'active', apiKeyHint: `sk-…${newKey.slice(-4)}` });
    const after = (await registry.db.query<{ api_key_ciphertext: string }>('SELECT api_key_ciphertext FROM models WHERE id = $1', [model.id])).rows[0]!;
    expect(after.api_key_ciphertext).not.toBe(before.api_key_ciphertext);

    const invalid = await call('PUT', `/v1/models/${model.id}/api-key`, { apiKey: '' });
    expect(invalid.status).toBe(400);
    expect(invalid.body.error.details?.[0]?.field).toBe('apiKey');
  });

  it('POST /validate takes a new revision and asks for validation', async () => {
    const model = await activeModel();
    const result = await call('POST', `/v1/models/${model.id}/validate`);
    expect(result.status).toBe(202);
    expect(result.body).toMatchObject({ revision: 2, status: 'validating' });
    const [event] = await tap.waitFor((e) => e.subject === model.id && e.type === EVENT_TYPES.modelValidationRequested);
    expect((event!.data as ModelChangedData).revision).toBe(2);
  });

  it('stores the provider key only as AES-256-GCM ciphertext bound to the model, its workspace and its base URL', async () => {
    const payload = body();
    const created = await call('POST', '/v1/models', payload);
    const plaintext = payload['apiKey'] as string;
    const { rows } = await registry.db.query<Record<string, unknown>>('SELECT * FROM models WHERE id = $1', [created.body.id]);
    const row = rows[0]!;
    expect(JSON.stringify(row)).not.toContain(plaintext);
    expect(Buffer.from(row['api_key_ciphertext'] as string, 'base64').toString('latin1')).not.toContain(plaintext);
    expect(row['api_key_key_id']).toBe('k1');
    expect(row['api_key_hint']).toBe(`sk-…${plaintext.slice(-4)}`);
    const cipher = SecretCipher.fromEnv(KEY_1);
    const stored = { keyId: row['api_key_key_id'] as string, ciphertext: row['api_key_ciphertext'] as string };
    const binding = { id: created.body.id, workspaceId: workspace.workspace.id, baseUrl: row['base_url'] as string };
    expect(decryptModelSecret(cipher, stored, binding)).toBe(plaintext);
    expect(() => cipher.decrypt(stored, created.body.id)).toThrow();
    expect(() => decryptModelSecret(cipher, stored, { ...binding, id: '00000000-0000-0000-0000-000000000000' })).toThrow();
    expect(() => decryptModelSecret(cipher, stored, { ...binding, workspaceId: '00000000-0000-0000-0000-000000000000' })).toThrow();
    expect(() => decryptModelSecret(cipher, stored, { ...binding, baseUrl: 'http://attacker.example/v1' })).toThrow();

    // A new base URL re-encrypts the key (same transaction as the change): bound to the new URL only.
    const moved = await call('PATCH', `/v1/models/${created.body.id}`, { baseUrl: 'http://127.0.0.1:12/v1' });
    expect(moved.status).toBe(202);
    const { rows: after } = await registry.db.query<Record<string, string>>('SELECT base_url, api_key_ciphertext, api_key_key_id FROM models WHERE id = $1', [created.body.id]);
    const restored = { keyId: after[0]!['api_key_key_id']!, ciphertext: after[0]!['api_key_ciphertext']! };
    expect(decryptModelSecret(cipher, restored, { ...binding, baseUrl: after[0]!['base_url']! })).toBe(plaintext);
    expect(() => decryptModelSecret(cipher, restored, binding)).toThrow();
    const { rows: outbox } = await registry.db.query<{ event: unknown }>('SELECT event FROM outbox');
    expect(JSON.stringify(outbox)).not.toContain(plaintext);
  });

  it('ignores validation results for an older revision, duplicates and results older than the one applied', async () => {
    const model = await activeModel();
    const bumped = await call('PATCH', `/v1/models/${model.id}`, { baseUrl: 'http://127.0.0.1:11/v1' });
    expect(bumped.body.revision).toBe(2);
    const ignoredBefore = await consumed(EVENT_TYPES.modelValidated, 'ignored');

    // Revision 1's result arriving late changes nothing.
    await tap.produce(validationTopic(), [modelValidated({ id: model.id, ...ws() }, 1, 'active')]);
    await eventually(async () => ((await consumed(EVENT_TYPES.modelValidated, 'ignored')) >= ignoredBefore + 1 ? true : undefined));
    const stillValidating = await call('GET', `/v1/models/${model.id}`);
    expect(stillValidating.body).toMatchObject({ status: 'validating', revision: 2 });

    const at = new Date();
    const failed = modelValidated({ id: model.id, ...ws() }, 2, 'failed', { time: at, message: 'Upstream said 401.' });
    await tap.produce(validationTopic(), [failed]);
    const applied = await eventually(async () => {
      const got = await call('GET', `/v1/models/${model.id}`);
      return got.body.status === 'failed' ? got.body : undefined;
    });

    // The same event again (redelivery), and an older result for the same revision: nothing changes.
    await tap.produce(validationTopic(), [failed, modelValidated({ id: model.id, ...ws() }, 2, 'active', { time: new Date(at.getTime() - 1_000) })]);
    await eventually(async () => ((await consumed(EVENT_TYPES.modelValidated, 'ignored')) >= ignoredBefore + 3 ? true : undefined));
    const unchanged = await call('GET', `/v1/models/${model.id}`);
    expect(unchanged.body).toEqual(applied);

    // A newer result for the current revision wins.
    await tap.produce(validationTopic(), [modelValidated({ id: model.id, ...ws() }, 2, 'active', { time: new Date(at.getTime() + 1_000) })]);
    await eventually(async () => ((await call('GET', `/v1/models/${model.id}`)).body.status === 'active' ? true : undefined));
  });

  it('keeps the newest validation progress of the current revision (by attempt, then sequence) and shows it as progress', async () => {
    const created = await call('POST', '/v1/models', body());
    expect(created.body.progress).toBeNull();
    const id = created.body.id;
    const step = (revision: number, attempt: number, sequence: number, state: string) =>
      createEnvelope(EVENT_TYPES.modelValidationProgress, '/model-garden/validator', id, {
        modelId: id,
        ...ws(),
        revision,
        attempt,
        maxAttempts: 3,
        sequence,
        changes: [{ check: 'chat', state }],
        checks: [
          { name: 'connectivity', state: 'pass', latencyMs: 2, code: 'ok', message: 'Reached it.' },
          { name: 'chat', state, ...(state === 'retrying' ? { httpStatus: 503, code: 'provider_error', message: 'The upstream answered 503.' } : {}) },
        ],
        nextAttemptAt: state === 'retrying' ? '2030-01-01T00:00:02.000Z' : null,
        at: '2030-01-01T00:00:00.000Z',
      });
    const ignoredBefore = await consumed(EVENT_TYPES.modelValidationProgress, 'ignored');
    // Attempt 2 began; then a late event of attempt 1, a duplicate, and another revision's progress.
    await tap.produce(validationTopic(), [step(1, 1, 1, 'retrying'), step(1, 2, 0, 'running'), step(1, 1, 5, 'fail'), step(1, 2, 0, 'running'), step(2, 3, 9, 'pass')]);
    await eventually(async () => ((await consumed(EVENT_TYPES.modelValidationProgress, 'ignored')) >= ignoredBefore + 3 ? true : undefined));
    const got = await call('GET', `/v1/models/${id}`);
    expect(got.body.status).toBe('validating');
    expect(got.body.progress).toEqual({
      revision: 1,
      attempt: 2,
      maxAttempts: 3,
      sequence: 0,
      checks: [
        { name: 'connectivity', state: 'pass', latencyMs: 2, code: 'ok', message: 'Reached it.' },
        { name: 'chat', state: 'running' },
      ],
      nextAttemptAt: null,
      updatedAt: '2030-01-01T00:00:00.000Z',
    });
    // A new revision hides the progress of the previous one.
    const changed = await call('PATCH', `/v1/models/${id}`, { modelId: 'another-upstream' });
    expect(changed.body).toMatchObject({ revision: 2, progress: null });
  });

  it('applies health changes to the current revision of a validated model only', async () => {
    const model = await activeModel();
    const health = (status: 'active' | 'degraded', revision: number, time: Date, id = model.id) =>
      createEnvelope(EVENT_TYPES.modelHealthChanged, '/model-garden/validator', id, {
        modelId: id,
        workspaceId: workspace.workspace.id,
        revision,
        status,
        checks: status === 'degraded' ? [{ name: 'chat', status: 'fail' as const, latencyMs: 5000, code: 'provider_timeout', message: 'No answer within 5 s.' }] : [],
        checkedAt: time.toISOString(),
      }, { time });
    const t0 = Date.now();
    await tap.produce(validationTopic(), [health('degraded', 1, new Date(t0))]);
    const degraded = await eventually(async () => {
      const got = await call('GET', `/v1/models/${model.id}`);
      return got.body.status === 'degraded' ? got.body : undefined;
    });
    expect(degraded.statusMessage).toBe('No answer within 5 s.');
    expect(degraded.validation).toEqual(model.validation);

    const ignoredBefore = await consumed(EVENT_TYPES.modelHealthChanged, 'ignored');
    await tap.produce(validationTopic(), [health('active', 1, new Date(t0 - 500)), health('degraded', 1, new Date(t0))]);
    await eventually(async () => ((await consumed(EVENT_TYPES.modelHealthChanged, 'ignored')) >= ignoredBefore + 2 ? true : undefined));
    expect((await call('GET', `/v1/models/${model.id}`)).body.status).toBe('degraded');

    // A model that is still validating is not promoted by a health check.
    const validating = await call('POST', '/v1/models', body());
    await tap.produce(validationTopic(), [health('active', 1, new Date(), validating.body.id)]);
    await tap.produce(validationTopic(), [health('active', 1, new Date(t0 + 1_000))]);
    await eventually(async () => ((await call('GET', `/v1/models/${model.id}`)).body.status === 'active' ? true : undefined));
    expect((await call('GET', `/v1/models/${validating.body.id}`)).body.status).toBe('validating');
  });

  it('DELETE answers 204, publishes ModelDeleted, and the model is gone', async () => {
    const model = await activeModel();
    const deleted = await call('DELETE', `/v1/models/${model.id}`);
    expect(deleted.status).toBe(204);
    const [event] = await tap.waitFor((e) => e.subject === model.id && e.type === EVENT_TYPES.modelDeleted);
    expect(event!.data).toEqual({ modelId: model.id, workspaceId: workspace.workspace.id, revision: 1 });
    expect((await call('GET', `/v1/models/${model.id}`)).status).toBe(404);
    expect((await call('DELETE', `/v1/models/${model.id}`)).status).toBe(404);
    // A late result for a deleted model is ignored.
    await tap.produce(validationTopic(), [modelValidated({ id: model.id, ...ws() }, 1, 'failed')]);
  });

  it('lists private and public models together with filters and a cursor', async () => {
    const embedding = await call('POST', '/v1/models', body({ type: 'embedding', region: 'eu', name: 'Needle embedder', pricing: { inputPerMillionTokens: 0.01 } }));
    const all: ModelView[] = [];
    let cursor: string | null = null;
    do {
      const page: { status: number; body: ModelListPage } = await call<ModelListPage>('GET', `/v1/models?limit=7${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.status).toBe(200);
      expect(page.body.data.length).toBeLessThanOrEqual(7);
      all.push(...page.body.data);
      cursor = page.body.nextCursor;
    } while (cursor);
    const ids = all.map((m) => m.id);
    expect(new Set(ids).size).toBe(ids.length);
    const privateCount = Number((await registry.db.query<{ n: number }>('SELECT count(*)::int AS n FROM models')).rows[0]!.n);
    expect(all.filter((m) => m.owner === 'private')).toHaveLength(privateCount);
    expect(all.findIndex((m) => m.owner === 'public')).toBe(privateCount);
    expect(all.filter((m) => m.owner === 'public').length).toBeGreaterThan(10);

    const filtered = await call<ModelListPage>('GET', '/v1/models?type=embedding&region=eu&owner=private&q=NEEDLE');
    expect(filtered.body.data.map((m) => m.id)).toEqual([embedding.body.id]);
    const publicEmbeddings = await call<ModelListPage>('GET', '/v1/models?owner=public&type=embedding');
    expect(publicEmbeddings.body.data.every((m) => m.owner === 'public' && m.type === 'embedding')).toBe(true);
    expect(publicEmbeddings.body.data.map((m) => m.ref)).toContain('openai/text-embedding-3-small');
    const failedOnly = await call<ModelListPage>('GET', '/v1/models?status=failed');
    expect(failedOnly.body.data.every((m) => m.status === 'failed')).toBe(true);
    const bad = await call('GET', '/v1/models?type=video&limit=0&cursor=zzz&colour=red');
    expect(bad.status).toBe(400);
    expect(bad.body.error.details?.map((d) => d.field).sort()).toEqual(['colour', 'limit', 'type']);
    const badCursor = await call('GET', '/v1/models?cursor=notacursor');
    expect(badCursor.status).toBe(400);
    expect(badCursor.body.error.details?.[0]?.field).toBe('cursor');
  });

  it('finds a model by id, key or ref; public models by provider/key', async () => {
    const created = await call('POST', '/v1/models', body({ key: 'findable' }));
    for (const name of [created.body.id, 'findable', encodeURIComponent('lifecycle@openailike/findable')]) {
      const got = await call('GET', `/v1/models/${name}`);
      expect(got.status).toBe(200);
      expect(got.body.id).toBe(created.body.id);
    }
    expect((await call('GET', `/v1/models/${encodeURIComponent('other@openailike/findable')}`)).status).toBe(404);
    const renamed = await call('PATCH', '/v1/models/findable', { name: 'Found by key' });
    expect(renamed.body).toMatchObject({ id: created.body.id, name: 'Found by key' });
    const publicModel = await call('GET', `/v1/models/${encodeURIComponent('groq/llama-3.1-8b-instant')}`);
    expect(publicModel.status).toBe(200);
    expect(publicModel.body).toMatchObject({ id: 'groq/llama-3.1-8b-instant', owner: 'public', provider: 'groq', modelId: 'llama-3.1-8b-instant' });
    expect((await call('PATCH', `/v1/models/${encodeURIComponent('groq/llama-3.1-8b-instant')}`, { name: 'x' })).status).toBe(404);
  });

  it('never shows a provider key in any response: at most its hint', () => {
    expect(secrets.length).toBeGreaterThan(10);
    const everything = responses.join('\n');
    for (const value of secrets) expect(everything).not.toContain(value);
    expect(everything).toMatch(/"apiKeyHint":"sk-…[a-z0-9]{4}"/);
    expect(everything).not.toMatch(/"apiKey":/);
  });
});

