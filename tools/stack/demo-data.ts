import { type StackSettings, serviceUrl } from './stack';

export interface DemoData {
  workspace: string;
  apiKey: string;
  model: string;
}

interface JsonResponse {
  status: number;
  body: Record<string, unknown>;
}

async function call(method: string, url: string, token: string, body?: unknown): Promise<JsonResponse> {
  const response = await fetch(url, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : null,
    signal: AbortSignal.timeout(35_000),
  });
  const text = await response.text();
  let parsed: Record<string, unknown> = {};
  try {
    parsed = text ? (JSON.parse(text) as Record<string, unknown>) : {};
  } catch {
    parsed = { raw: text };
  }
  return { status: response.status, body: parsed };
}

/**
 * Creates the demo workspace, its API key and a private model against the mock
 * provider, through the registry's public API (the same calls a person makes).
 * Reuses what an earlier run created when its key still works.
 */
export async function ensureDemoData(s: StackSettings, previous: Partial<DemoData>): Promise<DemoData | { skipped: string }> {
  const registry = serviceUrl('registry', s);
  if (previous.apiKey && previous.workspace && previous.model) {
    const check = await call('GET', `${registry}/v1/models/${encodeURIComponent(previous.model)}`, previous.apiKey);
    if (check.status === 200) return previous as DemoData;
  }
  let created: JsonResponse | undefined;
  for (const slug of ['demo', `demo-${Date.now().toString(36)}`]) {
    created = await call('POST', `${registry}/v1/workspaces`, s.adminToken, { slug, name: 'Demo workspace' });
    if (created.status !== 409) break;
  }
  if (!created || created.status === 404) return { skipped: 'the registry does not serve POST /v1/workspaces yet' };
  if (created.status !== 201) throw new Error(`creating the demo workspace failed: ${created.status} ${JSON.stringify(created.body)}`);
  const workspace = created.body['workspace'] as { slug: string };
  const apiKey = (created.body['apiKey'] as { key: string }).key;
  const model = await call('POST', `${registry}/v1/models?wait=20`, apiKey, {
    type: 'chat',
    baseUrl: `${serviceUrl('mock-provider', s)}/v1`,
    apiKey: s.mockProviderApiKey,
    name: 'Demo mock chat',
    modelId: 'mock-chat',
    key: 'demo-chat',
    region: 'eu',
    description: 'The mock provider, registered by npm run up',
    maxTokens: 512,
    temperature: 0.7,
    pricing: { inputPerMillionTokens: 0.5, outputPerMillionTokens: 1.5 },
  });
  if (model.status !== 200 && model.status !== 202) throw new Error(`registering the demo model failed: ${model.status} ${JSON.stringify(model.body)}`);
  return { workspace: workspace.slug, apiKey, model: String(model.body['ref']) };
}
