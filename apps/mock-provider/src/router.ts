import { handleChatCompletions } from './chat/chat.handler';
import { handleCompletions } from './completions/completions.handler';
import type { ProviderContext } from './context';
import { handleEmbeddings } from './embeddings/embeddings.handler';
import { handleImageGenerations } from './images/images.handler';
import { serveModelCall } from './inference';
import { hasBearerKey } from './http/auth';
import { invalidRequest, invalidUrl, unauthorized } from './http/mock-provider.exception';
import type { Exchange } from './http/exchange';
import { sendJson } from './http/send';
import { listModels, retrieveModel } from './models/models.handler';
import { createScenario, deleteScenario, getScenario, getStats, listScenarios, resetAll } from './scenarios/scenarios.handler';

const MAX_HEADER_LATENCY_MS = 600_000;
const MODELS_PREFIX = '/v1/models/';
const SCENARIOS_PREFIX = '/__mock/scenarios/';

/**
 * Dispatches one request. `/health` is open; everything else needs the Bearer key.
 * `/v1/*` responses get the configured latency plus `x-mock-latency-ms`; the admin API
 * under `/__mock` never waits. An unknown route is OpenAI's "Invalid URL" 404.
 */
export function route(exchange: Exchange, context: ProviderContext): Promise<void> | void {
  const req = exchange.req;
  const method = req.method ?? 'GET';
  const url = req.url ?? '/';
  const query = url.indexOf('?');
  const path = query === -1 ? url : url.slice(0, query);

  if (path === '/health' && (method === 'GET' || method === 'HEAD')) return sendJson(exchange, 200, { status: 'ok' });
  const api = path.startsWith('/v1/');
  if (api) exchange.latencyMs = context.latencyMs;
  if (!hasBearerKey(req, context.apiKey)) throw unauthorized();
  if (api) {
    exchange.latencyMs += headerLatency(exchange);
    return routeApi(exchange, context, method, path);
  }
  if (path.startsWith('/__mock/')) return routeAdmin(exchange, context, method, path);
  throw invalidUrl(method, path);
}

function routeApi(exchange: Exchange, context: ProviderContext, method: string, path: string): Promise<void> {
  if (method === 'POST') {
    switch (path) {
      case '/v1/chat/completions':
        return serveModelCall(exchange, context, 'chat.completions', handleChatCompletions);
      case '/v1/completions':
        return serveModelCall(exchange, context, 'completions', handleCompletions);
      case '/v1/embeddings':
        return serveModelCall(exchange, context, 'embeddings', handleEmbeddings);
      case '/v1/images/generations':
        return serveModelCall(exchange, context, 'images.generations', handleImageGenerations);
    }
  } else if (method === 'GET') {
    if (path === '/v1/models') return listModels(exchange, context);
    if (path.startsWith(MODELS_PREFIX)) {
      const id = decodeSegment(path.slice(MODELS_PREFIX.length));
      if (id !== undefined) return retrieveModel(exchange, context, id);
    }
  }
  throw invalidUrl(method, path);
}

function routeAdmin(exchange: Exchange, context: ProviderContext, method: string, path: string): Promise<void> | void {
  if (path === '/__mock/scenarios') {
    if (method === 'POST') return createScenario(exchange, context);
    if (method === 'GET') return listScenarios(exchange, context);
  } else if (path.startsWith(SCENARIOS_PREFIX)) {
    const id = decodeSegment(path.slice(SCENARIOS_PREFIX.length));
    if (id !== undefined && method === 'GET') return getScenario(exchange, context, id);
    if (id !== undefined && method === 'DELETE') return deleteScenario(exchange, context, id);
  } else if (path === '/__mock/stats' && method === 'GET') {
    return getStats(exchange, context);
  } else if (path === '/__mock/reset' && method === 'POST') {
    return resetAll(exchange, context);
  }
  throw invalidUrl(method, path);
}

/** `x-mock-latency-ms`: extra milliseconds before this response. */
function headerLatency(exchange: Exchange): number {
  const value = exchange.req.headers['x-mock-latency-ms'];
  if (value === undefined) return 0;
  const ms = typeof value === 'string' && /^\d{1,6}$/.test(value.trim()) ? Number(value.trim()) : Number.NaN;
  if (!(ms <= MAX_HEADER_LATENCY_MS)) {
    throw invalidRequest(`Invalid header 'x-mock-latency-ms': expected an integer number of milliseconds from 0 to ${MAX_HEADER_LATENCY_MS}.`, null, 'invalid_header');
  }
  return ms;
}

function decodeSegment(raw: string): string | undefined {
  if (raw.length === 0) return undefined;
  try {
    return decodeURIComponent(raw);
  } catch {
    return undefined;
  }
}
