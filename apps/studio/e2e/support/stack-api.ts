import type { CreateWorkspaceResponse, ModelView, UsageReport } from '@model-garden/contracts';

/**
 * The real stack, through its public APIs: what the e2e setup started
 * (tools/jest/e2e.global-setup.ts exports its addresses).
 */
export function env(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the studio's browser tests in the e2e tier (npx jest -c tools/jest/e2e.config.js apps/studio)`);
  return value;
}

export const stack = {
  registry: (): string => env('E2E_REGISTRY_URL'),
  gateway: (): string => env('E2E_GATEWAY_URL'),
  mockProvider: (): string => env('E2E_MOCK_PROVIDER_URL'),
  mockProviderKey: (): string => env('E2E_MOCK_PROVIDER_API_KEY'),
  adminToken: (): string => env('E2E_ADMIN_TOKEN'),
};

export async function api<T>(method: string, path: string, token: string, body?: unknown): Promise<{ status: number; body: T }> {
  const response = await fetch(`${stack.registry()}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? null : JSON.stringify(body),
    signal: AbortSignal.timeout(35_000),
  });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T };
}

/** A workspace of its own for a test file, and its first (all-scopes) API key. */
export async function createWorkspace(prefix: string): Promise<{ slug: string; apiKey: string }> {
  const slug = `${prefix}-${Math.random().toString(36).slice(2, 8)}`;
  const created = await api<CreateWorkspaceResponse>('POST', '/v1/workspaces', stack.adminToken(), { slug, name: `Studio e2e ${slug}` });
  if (created.status !== 201) throw new Error(`creating workspace ${slug}: ${created.status} ${JSON.stringify(created.body)}`);
  return { slug: created.body.workspace.slug, apiKey: created.body.apiKey.key };
}

export async function getModel(apiKey: string, id: string): Promise<ModelView> {
  const got = await api<ModelView>('GET', `/v1/models/${encodeURIComponent(id)}`, apiKey);
  if (got.status !== 200) throw new Error(`GET model ${id}: ${got.status}`);
  return got.body;
}

/** Calls a model through the gateway, as a client would, with the workspace key. */
export async function chatThroughGateway(apiKey: string, model: string, content: string): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${stack.gateway()}/v1/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({ model, messages: [{ role: 'user', content }] }),
    signal: AbortSignal.timeout(30_000),
  });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // Keep the text.
  }
  return { status: response.status, body };
}

/** Waits until the registry has aggregated at least `requests` calls of a model (usage events flow through Kafka). */
export async function waitForUsage(apiKey: string, modelRef: string, requests: number, timeoutMs = 30_000): Promise<UsageReport> {
  const deadline = Date.now() + timeoutMs;
  let last: UsageReport | undefined;
  while (Date.now() < deadline) {
    const got = await api<UsageReport>('GET', '/v1/usage?groupBy=model', apiKey);
    if (got.status === 200) {
      last = got.body;
      if ((last.groups.find((g) => g.key === modelRef || g.modelRef === modelRef)?.requests ?? 0) >= requests) return last;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`usage of ${modelRef} did not reach ${requests} requests in ${timeoutMs} ms: ${JSON.stringify(last)}`);
}

/** Adds a private model through the REST API and waits until validation settles it. */
export async function addModel(
  apiKey: string,
  body: { name: string; modelId: string; key?: string; region?: 'us' | 'eu'; pricing?: { inputPerMillionTokens?: number; outputPerMillionTokens?: number } },
  timeoutMs = 30_000,
): Promise<ModelView> {
  const created = await api<ModelView>('POST', '/v1/models', apiKey, { type: 'chat', baseUrl: `${stack.mockProvider()}/v1`, apiKey: stack.mockProviderKey(), region: 'eu', ...body });
  if (created.status !== 202 && created.status !== 201) throw new Error(`adding model ${body.name}: ${created.status} ${JSON.stringify(created.body)}`);
  const deadline = Date.now() + timeoutMs;
  let model = created.body;
  while (model.status === 'validating' && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 200));
    model = await getModel(apiKey, model.id);
  }
  return model;
}
