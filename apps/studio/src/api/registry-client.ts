import type {
  ErrorBody,
  FieldError,
  ListedModelStatus,
  ModelListPage,
  ModelOwner,
  ModelType,
  ModelView,
  Region,
  UsageGroupBy,
  UsageReport,
} from '@model-garden/contracts/browser';
import type { CreateModelBody, UpdateModelBody } from '../rules/model-form.rules';

/**
 * The studio's only way to the server: the registry's public REST API under `/v1`,
 * with the workspace API key as a bearer token. Same origin in development (Vite's
 * proxy) and in production (the registry serves the studio), so no CORS.
 */

/** A failed call, with the registry's error body when it sent one. */
export class ApiError extends Error {
  override readonly name = 'ApiError';

  constructor(
    /** HTTP status; 0 when the registry could not be reached. */
    readonly status: number,
    /** The registry's `error.code`, or `network_error` / `bad_response`. */
    readonly code: string,
    message: string,
    readonly details: FieldError[] = [],
    readonly suggestion?: string,
  ) {
    super(message);
  }

  get isUnauthorized(): boolean {
    return this.status === 401;
  }

  get isNotFound(): boolean {
    return this.status === 404;
  }
}

export interface ModelFilters {
  type?: ModelType | '';
  status?: ListedModelStatus | '';
  owner?: ModelOwner | '';
  region?: Region | '';
  q?: string;
}

export interface ListModelsOptions extends ModelFilters {
  cursor?: string | null;
  limit?: number;
}

export interface UsageQuery {
  from?: string;
  to?: string;
  groupBy?: UsageGroupBy;
}

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

export interface RegistryClientOptions {
  apiKey: string;
  /** Prefix of `/v1` (default: same origin). */
  baseUrl?: string;
  fetch?: FetchLike;
  /** Called on every 401, so the app can sign out and say why. */
  onUnauthorized?: (error: ApiError) => void;
}

type Query = Record<string, string | number | undefined | null>;

/** A call's body: JSON (`body`), or a file as it is (`raw`, e.g. a CSV upload); and its abort signal. */
export interface CallInit {
  body?: unknown;
  raw?: { body: Blob | string; contentType: string };
  signal?: AbortSignal | undefined;
}

/** `?a=1&b=2` from the defined, non-empty values. */
export function queryString(query: Query): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

function isErrorBody(value: unknown): value is ErrorBody {
  if (typeof value !== 'object' || value === null) return false;
  const error = (value as { error?: unknown }).error;
  return typeof error === 'object' && error !== null && typeof (error as { message?: unknown }).message === 'string';
}

const STATUS_TEXT: Record<number, string> = {
  401: 'The workspace API key was refused: it is unknown, revoked or expired.',
  403: 'This workspace API key lacks the scope for this action.',
  404: 'Not found.',
  413: 'The request is too large.',
  429: 'Too many requests: wait a moment and try again.',
  502: 'The registry is unreachable behind its proxy (502).',
  503: 'The registry is unavailable right now (503). Try again shortly.',
};

export class RegistryClient {
  private readonly baseUrl: string;
  private readonly fetchImpl: FetchLike;

  constructor(private readonly options: RegistryClientOptions) {
    this.baseUrl = (options.baseUrl ?? '').replace(/\/+$/, '');
    this.fetchImpl = options.fetch ?? ((input, init) => fetch(input, init));
  }

  listModels(options: ListModelsOptions = {}, signal?: AbortSignal): Promise<ModelListPage> {
    const { cursor, limit, ...filters } = options;
    return this.request<ModelListPage>('GET', `/v1/models${queryString({ ...filters, q: filters.q?.trim(), cursor, limit })}`, { signal });
  }

  getModel(id: string, signal?: AbortSignal): Promise<ModelView> {
    return this.request<ModelView>('GET', `/v1/models/${encodeURIComponent(id)}`, { signal });
  }

  getPublicModel(provider: string, key: string, signal?: AbortSignal): Promise<ModelView> {
    return this.request<ModelView>('GET', `/v1/catalogue/${encodeURIComponent(provider)}/${encodeURIComponent(key)}`, { signal });
  }

  /** Adds a private model; the answer is usually 202 with status `validating`. */
  createModel(body: CreateModelBody): Promise<ModelView> {
    return this.request<ModelView>('POST', '/v1/models', { body });
  }

  updateModel(id: string, body: UpdateModelBody): Promise<ModelView> {
    return this.request<ModelView>('PATCH', `/v1/models/${encodeURIComponent(id)}`, { body });
  }

  rotateApiKey(id: string, apiKey: string): Promise<ModelView> {
    return this.request<ModelView>('PUT', `/v1/models/${encodeURIComponent(id)}/api-key`, { body: { apiKey } });
  }

  validateModel(id: string): Promise<ModelView> {
    return this.request<ModelView>('POST', `/v1/models/${encodeURIComponent(id)}/validate`, {});
  }

  async deleteModel(id: string): Promise<void> {
    await this.request<void>('DELETE', `/v1/models/${encodeURIComponent(id)}`, {});
  }

  setPublicModelEnabled(provider: string, key: string, enabled: boolean): Promise<ModelView> {
    return this.request<ModelView>('PATCH', `/v1/catalogue/${encodeURIComponent(provider)}/${encodeURIComponent(key)}`, { body: { enabled } });
  }

  usage(query: UsageQuery = {}, signal?: AbortSignal): Promise<UsageReport> {
    return this.request<UsageReport>('GET', `/v1/usage${queryString({ ...query })}`, { signal });
  }

  /**
   * Any call of the registry's REST API, for the server calls of each feature
   * folder: same key, same errors, same sign-out on 401.
   */
  call<T>(method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, init: CallInit = {}): Promise<T> {
    return this.request<T>(method, path, init);
  }

  /** A file the registry sends (an export), as a Blob to save; errors as for `call`. */
  async download(path: string, signal?: AbortSignal): Promise<Blob> {
    let response: Response;
    try {
      response = await this.fetchImpl(`${this.baseUrl}${path}`, { method: 'GET', headers: { authorization: `Bearer ${this.options.apiKey}` }, signal: signal ?? null });
    } catch (error: unknown) {
      if (error instanceof Error && error.name === 'AbortError') throw error;
      throw new ApiError(0, 'network_error', 'The registry could not be reached. Check your connection and that Model Garden is running.');
    }
    if (response.ok) return response.blob();
    if (response.status === 401) this.options.onUnauthorized?.(new ApiError(401, 'http_401', STATUS_TEXT[401] ?? ''));
    throw new ApiError(response.status, `http_${response.status}`, STATUS_TEXT[response.status] ?? `The registry answered ${response.status}.`);
  }

  private async request<T>(method: string, path: string, init: CallInit): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json', authorization: `Bearer ${this.options.apiKey}` };
    if (init.raw) headers['content-type'] = init.raw.contentType;
    else if (init.body !== undefined) headers['content-type'] = 'application/json';
    let response: Response;
    try {
      response = await this.fetchImpl(`${this.baseUrl}${path}`, {
        method,
        headers,
        body: init.raw ? init.raw.body : init.body === undefined ? null : JSON.stringify(init.body),
        signal: init.signal ?? null,
      });
    } catch (error: unknown) {
      if (error instanceof Error && error.name === 'AbortError') throw error;
      throw new ApiError(0, 'network_error', 'The registry could not be reached. Check your connection and that Model Garden is running.');
    }
    if (response.status === 204) return undefined as T;
    const text = await response.text();
    let payload: unknown = undefined;
    if (text !== '') {
      try {
        payload = JSON.parse(text);
      } catch {
        payload = undefined;
      }
    }
    if (response.ok) {
      if (payload === undefined) throw new ApiError(response.status, 'bad_response', 'The registry sent an answer the studio could not read.');
      return payload as T;
    }
    const error = isErrorBody(payload)
      ? new ApiError(response.status, payload.error.code, payload.error.message, payload.error.details ?? [], payload.error.suggestion)
      : new ApiError(response.status, `http_${response.status}`, STATUS_TEXT[response.status] ?? `The registry answered ${response.status}.`);
    if (error.isUnauthorized) this.options.onUnauthorized?.(error);
    throw error;
  }
}

/** Every page of a listing (the garden shows them together; at most `maxPages` pages). */
export async function listAllModels(client: RegistryClient, filters: ModelFilters, signal?: AbortSignal, maxPages = 20): Promise<ModelView[]> {
  const models: ModelView[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < maxPages; page += 1) {
    const result: ModelListPage = await client.listModels({ ...filters, cursor, limit: 200 }, signal);
    models.push(...result.data);
    cursor = result.nextCursor;
    if (!cursor) break;
  }
  return models;
}
