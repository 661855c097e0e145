import { randomBytes } from 'node:crypto';
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { type ApiKeyScope, type ModelView } from '@model-garden/contracts';
import { waitFor as sharedWaitFor } from '../../../libs/testing/src/wait-for';
import { internalUrl, type PlatformService, type ServiceName, serviceUrl } from '../../../tools/stack/stack';
import { bearer, http, type HttpResponse } from './http';
import { loadState, type ReliabilityState } from './infra';

export const state: ReliabilityState = loadState();
export const settings = state.settings;

export const url = (service: ServiceName): string => serviceUrl(service, settings);
/** A platform service's internal listener: `/metrics` and the detailed `/health/ready`. */
export const internal = (service: PlatformService): string => internalUrl(service, settings);
export const REGISTRY = url('registry');
export const GATEWAY = url('gateway');
export const MOCK = url('mock-provider');
export const MOCK_KEY = settings.mockProviderApiKey;

export interface Workspace {
  id: string;
  slug: string;
  /** The workspace's first key (every scope). */
  key: string;
  keyId: string;
}

export function uniqueSlug(prefix: string): string {
  return `${prefix}-${randomBytes(4).toString('hex')}`;
}

export async function createWorkspace(prefix = 'rel'): Promise<Workspace> {
  const slug = uniqueSlug(prefix);
  const response = await http(`${REGISTRY}/v1/workspaces`, { body: { slug, name: `Reliability ${slug}` }, headers: bearer(settings.adminToken) });
  if (response.status !== 201) throw new Error(`workspace ${slug}: ${response.status} ${response.text}`);
  const body = response.json as { workspace: { id: string; slug: string }; apiKey: { id: string; key: string } };
  return { id: body.workspace.id, slug: body.workspace.slug, key: body.apiKey.key, keyId: body.apiKey.id };
}

export async function createApiKey(ws: Workspace, scopes: ApiKeyScope[], extra: { expiresAt?: string; label?: string } = {}): Promise<{ id: string; key: string }> {
  const response = await http(`${REGISTRY}/v1/api-keys`, { body: { label: extra.label ?? 'reliability', scopes, ...(extra.expiresAt ? { expiresAt: extra.expiresAt } : {}) }, headers: bearer(ws.key) });
  if (response.status !== 201) throw new Error(`api key: ${response.status} ${response.text}`);
  const body = response.json as { id: string; key: string };
  return { id: body.id, key: body.key };
}

/** A valid chat model body against the mock provider (`modelId` may name a scenario). */
export function chatModelBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    type: 'chat',
    baseUrl: `${MOCK}/v1`,
    apiKey: MOCK_KEY,
    name: 'Reliability chat',
    modelId: 'mock-chat',
    region: 'eu',
    pricing: { inputPerMillionTokens: 1, outputPerMillionTokens: 2 },
    ...overrides,
  };
}

/** `registry`: which registry (a replica or nginx's entry in a scaled-out stack); the first replica by default. */
export async function createModel(ws: Workspace, body: Record<string, unknown>, waitSeconds = 0, registry = REGISTRY): Promise<HttpResponse> {
  return http(`${registry}/v1/models${waitSeconds ? `?wait=${waitSeconds}` : ''}`, { body, headers: bearer(ws.key), timeoutMs: 60_000 });
}

export async function createActiveModel(ws: Workspace, body: Record<string, unknown>, registry = REGISTRY): Promise<ModelView> {
  const response = await createModel(ws, body, 20, registry);
  const model = response.json as ModelView;
  if (response.status !== 200 || model.status !== 'active') throw new Error(`model not active: ${response.status} ${response.text}`);
  return model;
}

export async function getModel(ws: Workspace, id: string): Promise<ModelView> {
  const response = await http(`${REGISTRY}/v1/models/${encodeURIComponent(id)}`, { headers: bearer(ws.key) });
  if (response.status !== 200) throw new Error(`model ${id}: ${response.status} ${response.text}`);
  return response.json as ModelView;
}

/** Every private model of the workspace (all pages). */
export async function listPrivateModels(ws: Workspace, registry = REGISTRY): Promise<ModelView[]> {
  const models: ModelView[] = [];
  let cursor: string | null = null;
  do {
    const query: string = `owner=private&limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const response = await http(`${registry}/v1/models?${query}`, { headers: bearer(ws.key) });
    if (response.status !== 200) throw new Error(`list: ${response.status} ${response.text}`);
    const page = response.json as { data: ModelView[]; nextCursor: string | null };
    models.push(...page.data);
    cursor = page.nextCursor;
  } while (cursor);
  return models;
}

/** libs/testing's waitFor as this tier uses it: every 250 ms, and a probe that throws (a piece that is down) is retried. */
export function waitFor<T>(what: string, probe: () => Promise<T | undefined | false>, timeoutMs: number, intervalMs = 250): Promise<T> {
  return sharedWaitFor(what, probe, timeoutMs, intervalMs, { retryOnError: true });
}

// --- mock provider ---------------------------------------------------------------

export interface ScenarioStats {
  calls: number;
  aborted: number;
  faults: number;
}

export async function defineScenario(definition: Record<string, unknown>): Promise<void> {
  const response = await http(`${MOCK}/__mock/scenarios`, { body: definition, headers: bearer(MOCK_KEY) });
  if (response.status !== 201) throw new Error(`scenario: ${response.status} ${response.text}`);
}

export async function scenarioStats(id: string): Promise<ScenarioStats> {
  const response = await http(`${MOCK}/__mock/scenarios/${encodeURIComponent(id)}`, { headers: bearer(MOCK_KEY) });
  if (response.status !== 200) throw new Error(`scenario ${id}: ${response.status} ${response.text}`);
  return response.json as ScenarioStats;
}

// --- figures -----------------------------------------------------------------------

/** Records a figure of this run (events, requests, inputs tried, ...) for docs/reliability.md. */
export function recordFigure(name: string, value: number | string): void {
  appendFileSync(join(state.dir, 'figures.ndjson'), `${JSON.stringify({ name, value, at: new Date().toISOString() })}\n`);
}

/** The detailed readiness (each dependency, with its error) from the service's internal listener. */
export async function ready(service: PlatformService): Promise<{ status: number; body: unknown }> {
  const response = await http(`${internal(service)}/health/ready`, { timeoutMs: 10_000 });
  return { status: response.status, body: response.json };
}

/**
 * The sum of a Prometheus counter's series that carry every label given, from a
 * service's internal listener (`/metrics`): e.g. one validator replica's
 * `model_garden_validator_jobs_total` with `{ outcome: 'active' }`.
 */
export async function metricTotal(internalBase: string, name: string, labels: Record<string, string> = {}): Promise<number> {
  const response = await http(`${internalBase}/metrics`, { timeoutMs: 10_000 });
  if (response.status !== 200) throw new Error(`${internalBase}/metrics: ${response.status}`);
  let total = 0;
  for (const line of response.text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    if (!Object.entries(labels).every(([label, value]) => line.includes(`${label}="${value}"`))) continue;
    total += Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return total;
}

// --- gateway -----------------------------------------------------------------------

export function chatBody(model: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { model, messages: [{ role: 'user', content: 'Hello from the reliability tier' }], ...extra };
}

/** `options.gateway`: which gateway (a replica or nginx's entry in a scaled-out stack); the first replica by default. */
export async function chat(
  key: string,
  model: string,
  extra: Record<string, unknown> = {},
  options: { timeoutMs?: number; close?: boolean; gateway?: string; headers?: Record<string, string> } = {},
): Promise<HttpResponse> {
  return http(`${options.gateway ?? GATEWAY}/v1/chat/completions`, {
    body: chatBody(model, extra),
    headers: { ...options.headers, ...bearer(key) },
    timeoutMs: options.timeoutMs ?? 30_000,
    close: options.close ?? false,
  });
}

/** OpenAI's error shape: `{"error": {"message", "type", "param", "code"}}`. */
export function isOpenAiError(json: unknown): boolean {
  const error = (json as { error?: Record<string, unknown> } | undefined)?.error;
  return typeof error === 'object' && error !== null && typeof error['message'] === 'string' && typeof error['type'] === 'string' && 'param' in error && 'code' in error;
}

export async function usageTotals(ws: Workspace, registry = REGISTRY): Promise<{ requests: number; errors: number; inputTokens: number; outputTokens: number }> {
  const response = await http(`${registry}/v1/usage?groupBy=model`, { headers: bearer(ws.key) });
  if (response.status !== 200) throw new Error(`usage: ${response.status} ${response.text}`);
  return (response.json as { totals: { requests: number; errors: number; inputTokens: number; outputTokens: number } }).totals;
}
