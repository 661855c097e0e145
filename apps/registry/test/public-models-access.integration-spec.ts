import { type CreateWorkspaceResponse, type ErrorBody, type ModelView, type WorkspaceView } from '@model-garden/contracts';
import { lastValueFrom } from 'rxjs';
import { ADMIN_TOKEN, type RegistryHarness, startRegistry } from './registry-harness';

const GROQ_KEY = 'gsk_platform_access_test_0001';
const PUBLIC_REF = 'groq/llama-3.1-8b-instant';

/**
 * Public models spend the operator's provider keys, so a workspace's access to them is
 * the operator's setting: PUBLIC_MODELS_ACCESS_DEFAULT, overridden per workspace with
 * the admin API. Checked on REST (listing, one model) and on gRPC (what the gateway gets).
 */
describe('public models access (operator setting)', () => {
  let registry: RegistryHarness;
  let acme: CreateWorkspaceResponse;

  beforeAll(async () => {
    registry = await startRegistry('public_access', { GROQ_API_KEY: GROQ_KEY, PUBLIC_MODELS_ACCESS_DEFAULT: 'disabled' });
    acme = await registry.createWorkspace('acme');
  });

  afterAll(async () => {
    await registry?.close();
  });

  const setAccess = (id: string, publicModelsAccess: unknown, token = ADMIN_TOKEN) =>
    registry.request<WorkspaceView & ErrorBody>('PATCH', `/v1/workspaces/${id}`, { token, body: { publicModelsAccess } });
  const view = async () => (await registry.request<ModelView>('GET', `/v1/catalogue/${PUBLIC_REF}`, { token: acme.apiKey.key })).body;
  const resolved = async () => {
    const grpc = registry.grpc();
    return lastValueFrom(grpc.service.resolveModel({ workspaceId: acme.workspace.id, model: PUBLIC_REF }, grpc.metadata()));
  };
  const listedPublic = async () => {
    const grpc = registry.grpc();
    return (await lastValueFrom(grpc.service.listModels({ workspaceId: acme.workspace.id }, grpc.metadata()))).models.filter((m) => m.owner === 'public').length;
  };

  it('follows the default: with PUBLIC_MODELS_ACCESS_DEFAULT=disabled no public model is usable, and the gateway gets no key', async () => {
    expect(acme.workspace).toMatchObject({ publicModelsAccess: 'default', publicModelsEnabled: false });
    expect(await view()).toMatchObject({ status: 'unavailable', statusMessage: expect.stringContaining('operator has not given this workspace access') });
    expect(await resolved()).toMatchObject({ status: 'unavailable', apiKey: '' });
    expect(await listedPublic()).toBe(0);
  });

  it('lets an operator grant access to one workspace, and return it to the default', async () => {
    const granted = await setAccess(acme.workspace.id, 'enabled');
    expect(granted.status).toBe(200);
    expect(granted.body).toMatchObject({ id: acme.workspace.id, publicModelsAccess: 'enabled', publicModelsEnabled: true });
    expect(await view()).toMatchObject({ status: 'active' });
    expect(await resolved()).toMatchObject({ status: 'active', apiKey: GROQ_KEY });
    expect(await listedPublic()).toBeGreaterThan(0);

    expect((await setAccess(acme.workspace.id, 'default')).body).toMatchObject({ publicModelsAccess: 'default', publicModelsEnabled: false });
    expect(await resolved()).toMatchObject({ status: 'unavailable', apiKey: '' });
  });

  it('sets it at creation, and answers 401, 400 naming the field and 404 for the wrong caller, value or workspace', async () => {
    const created = await registry.request<CreateWorkspaceResponse>('POST', '/v1/workspaces', { token: ADMIN_TOKEN, body: { slug: 'globex', name: 'Globex', publicModelsAccess: 'enabled' } });
    expect(created.body.workspace).toMatchObject({ publicModelsAccess: 'enabled', publicModelsEnabled: true });
    expect((await setAccess(acme.workspace.id, 'enabled', acme.apiKey.key)).status).toBe(401);
    const bad = await setAccess(acme.workspace.id, 'sometimes');
    expect(bad.status).toBe(400);
    expect(bad.body.error.details?.[0]?.field).toBe('publicModelsAccess');
    expect((await setAccess('6f9619ff-8b86-4d11-b42d-00c04fc964ff', 'enabled')).status).toBe(404);
    expect((await setAccess('not-a-uuid', 'enabled')).status).toBe(404);
  });
});
