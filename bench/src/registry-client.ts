import type { CreateWorkspaceResponse, ModelListPage, ModelView } from '@model-garden/contracts';

/** The few registry REST calls the benchmark makes, with the workspace's own key. */

export interface Reply<T> {
  status: number;
  body: T;
}

/** How long a 429 asks to wait (its Retry-After, in seconds; 1 when absent or unreadable). */
export function retryAfterMs(header: string | null): number {
  const seconds = Number(header);
  return (Number.isFinite(seconds) && seconds > 0 ? seconds : 1) * 1000;
}

/**
 * One registry call. With `waitOnRateLimit`, a 429 (the registry's per-key limit,
 * REGISTRY_RATE_LIMIT_PER_MINUTE) is retried after its Retry-After, for up to two
 * minutes: for the listing and the clean-up, whose pace is not what is measured.
 */
export async function call<T>(method: string, url: string, token: string, body?: unknown, timeoutMs = 60_000, waitOnRateLimit = false): Promise<Reply<T>> {
  const deadline = Date.now() + 120_000;
  let response: Response;
  for (;;) {
    response = await fetch(url, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? null : JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
    });
    if (response.status !== 429 || !waitOnRateLimit || Date.now() > deadline) break;
    await response.arrayBuffer();
    await new Promise((resolve) => setTimeout(resolve, retryAfterMs(response.headers.get('retry-after'))));
  }
  const text = await response.text();
  let parsed: unknown = null;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    parsed = { raw: text };
  }
  return { status: response.status, body: parsed as T };
}

/** A workspace of its own for one benchmark run (`POST /v1/workspaces` with the admin token). */
export async function createWorkspace(registryUrl: string, adminToken: string, slug: string): Promise<{ id: string; slug: string; apiKey: string }> {
  const reply = await call<CreateWorkspaceResponse>('POST', `${registryUrl}/v1/workspaces`, adminToken, { slug, name: `Benchmark ${slug}` });
  if (reply.status !== 201) throw new Error(`creating workspace ${slug} failed: ${reply.status} ${JSON.stringify(reply.body)}`);
  return { id: reply.body.workspace.id, slug: reply.body.workspace.slug, apiKey: reply.body.apiKey.key };
}

/**
 * More keys of the benchmark's workspace (models:read and models:write): the burst
 * spreads its POSTs over them, because the registry limits each key
 * (REGISTRY_RATE_LIMIT_PER_MINUTE, 600 by default) and the burst measures the
 * validators, not that limit.
 */
export async function createApiKeys(registryUrl: string, apiKey: string, count: number): Promise<string[]> {
  const keys: string[] = [];
  for (let i = 0; i < count; i++) {
    const reply = await call<{ key: string }>('POST', `${registryUrl}/v1/api-keys`, apiKey, { label: `bench burst ${i + 1}`, scopes: ['models:read', 'models:write'] }, 60_000, true);
    if (reply.status !== 201) throw new Error(`creating a burst API key failed: ${reply.status} ${JSON.stringify(reply.body).slice(0, 300)}`);
    keys.push(reply.body.key);
  }
  return keys;
}

export interface ModelInput {
  key: string;
  modelId: string;
  baseUrl: string;
  apiKey: string;
}

/** The body of `POST /v1/models` for a chat model on the mock provider. */
export function chatModelBody(input: ModelInput): Record<string, unknown> {
  return {
    type: 'chat',
    baseUrl: input.baseUrl,
    apiKey: input.apiKey,
    name: `Bench ${input.key}`,
    modelId: input.modelId,
    key: input.key,
    region: 'eu',
    description: 'Created by npm run bench',
    maxTokens: 512,
    temperature: 0.7,
    pricing: { inputPerMillionTokens: 0.5, outputPerMillionTokens: 1.5 },
  };
}

export async function createModel(registryUrl: string, apiKey: string, body: Record<string, unknown>, waitSeconds?: number): Promise<Reply<ModelView>> {
  const query = waitSeconds === undefined ? '' : `?wait=${waitSeconds}`;
  return call<ModelView>('POST', `${registryUrl}/v1/models${query}`, apiKey, body, (waitSeconds ?? 0) * 1000 + 30_000);
}

/** Every private model of the workspace with the given status (pages of 200). */
/** A budget (`POST /v1/budgets`): the benchmark gives one model a budget it never reaches, so every call is reserved and settled. */
export async function createBudget(registryUrl: string, apiKey: string, body: Record<string, unknown>): Promise<Reply<{ id: string }>> {
  return call<{ id: string }>('POST', `${registryUrl}/v1/budgets`, apiKey, body);
}

export async function listModels(registryUrl: string, apiKey: string, status?: string): Promise<ModelView[]> {
  const models: ModelView[] = [];
  let cursor: string | null = null;
  do {
    const params = new URLSearchParams({ limit: '200', owner: 'private' });
    if (status) params.set('status', status);
    if (cursor) params.set('cursor', cursor);
    const reply: Reply<ModelListPage> = await call<ModelListPage>('GET', `${registryUrl}/v1/models?${params.toString()}`, apiKey, undefined, 60_000, true);
    if (reply.status !== 200) throw new Error(`listing models failed: ${reply.status} ${JSON.stringify(reply.body)}`);
    models.push(...reply.body.data.filter((m) => m.owner !== 'public'));
    cursor = reply.body.nextCursor;
  } while (cursor);
  return models;
}

export async function deleteModel(registryUrl: string, apiKey: string, id: string): Promise<number> {
  return (await call<unknown>('DELETE', `${registryUrl}/v1/models/${encodeURIComponent(id)}`, apiKey, undefined, 60_000, true)).status;
}

/** Runs `task` over `items` with at most `limit` in flight; results keep the items' order. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, task: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await task(items[index]!, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, () => worker()));
  return results;
}
