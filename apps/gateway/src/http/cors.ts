import { type IncomingMessage, type ServerResponse } from 'node:http';

/**
 * Cross-origin calls from the browser origins in GATEWAY_CORS_ORIGINS (the studio's
 * deployment playground calls the gateway like any application, from the registry's
 * origin). Exact origin match, no credentials (the caller sends its API key as a bearer
 * token), and the deployment headers exposed so the page can say which variant served.
 * A preflight is answered here, before authentication, and carries no data.
 */

const ALLOWED_METHODS = 'GET, POST, OPTIONS';
const ALLOWED_HEADERS = 'authorization, content-type, x-request-id';
const EXPOSED_HEADERS = 'x-request-id, retry-after, x-model-garden-deployment, x-model-garden-deployment-version, x-model-garden-deployment-variant, x-model-garden-cache, x-model-garden-budget';

export function parseCorsOrigins(value: string | undefined): ReadonlySet<string> {
  return new Set(
    (value ?? '')
      .split(',')
      .map((origin) => origin.trim().replace(/\/+$/, '').toLowerCase())
      .filter(Boolean),
  );
}

/**
 * Adds the CORS headers for an allowed origin. Returns true when it answered the
 * request itself (a preflight), false when the request goes on to its route.
 */
export function handleCors(req: IncomingMessage, res: ServerResponse, allowed: ReadonlySet<string>): boolean {
  const origin = req.headers.origin;
  const isPreflight = req.method === 'OPTIONS' && req.headers['access-control-request-method'] !== undefined;
  if (allowed.size === 0 || typeof origin !== 'string' || !allowed.has(origin.toLowerCase())) {
    if (isPreflight) {
      // Not an allowed origin: no CORS headers, so the browser refuses the call.
      req.resume();
      res.writeHead(204, { vary: 'origin', 'content-length': '0' });
      res.end();
      return true;
    }
    return false;
  }
  res.setHeader('access-control-allow-origin', origin);
  res.setHeader('vary', 'origin');
  if (isPreflight) {
    req.resume();
    res.writeHead(204, {
      'access-control-allow-methods': ALLOWED_METHODS,
      'access-control-allow-headers': ALLOWED_HEADERS,
      'access-control-max-age': '600',
      'content-length': '0',
    });
    res.end();
    return true;
  }
  res.setHeader('access-control-expose-headers', EXPOSED_HEADERS);
  return false;
}
