import { createReadStream, existsSync, statSync } from 'node:fs';
import { type IncomingMessage, type ServerResponse, createServer, request as httpRequest } from 'node:http';
import { type AddressInfo } from 'node:net';
import { extname, join, resolve, sep } from 'node:path';

/**
 * Serves the built studio the way the registry does in production (at `/studio/`,
 * with `config.json` and the same security headers) and forwards `/v1` to the real
 * registry, so the browser sees one origin. Used until the registry serves the
 * studio itself (see apps/studio/registry-integration.md).
 */
export interface StudioServer {
  /** The studio's address, ending in `/studio/`. */
  url: string;
  close(): Promise<void>;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

const CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'";

function proxy(req: IncomingMessage, res: ServerResponse, registry: URL): void {
  const upstream = httpRequest(
    { host: registry.hostname, port: registry.port, method: req.method, path: req.url, headers: { ...req.headers, host: registry.host } },
    (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    },
  );
  upstream.on('error', (error) => {
    res.writeHead(502, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ error: { code: 'service_unavailable', message: `registry unreachable: ${error.message}` } }));
  });
  req.pipe(upstream);
}

function serveFile(res: ServerResponse, root: string, relative: string): void {
  const file = resolve(root, decodeURIComponent(relative) || 'index.html');
  if (!file.startsWith(root + sep) || !existsSync(file) || !statSync(file).isFile()) {
    res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":{"code":"not_found","message":"No such file in the studio."}}');
    return;
  }
  const html = file.endsWith('.html');
  res.writeHead(200, {
    'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
    'cache-control': html ? 'no-cache' : 'public, max-age=300',
    'x-content-type-options': 'nosniff',
    ...(html ? { 'content-security-policy': CSP, 'referrer-policy': 'no-referrer' } : {}),
  });
  createReadStream(file).pipe(res);
}

export async function startStudioServer(options: { root: string; registryUrl: string; gatewayUrl: string }): Promise<StudioServer> {
  const root = resolve(options.root);
  if (!existsSync(join(root, 'index.html'))) throw new Error(`no studio build at ${root}`);
  const registry = new URL(options.registryUrl);
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    if (path.startsWith('/v1/') || path === '/v1') return proxy(req, res, registry);
    if (path === '/' || path === '/studio') {
      res.writeHead(302, { location: '/studio/' }).end();
      return;
    }
    if (path === '/studio/config.json') {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ gatewayUrl: `${options.gatewayUrl.replace(/\/+$/, '')}/v1` }));
      return;
    }
    if (path.startsWith('/studio/')) return serveFile(res, root, path.slice('/studio/'.length));
    res.writeHead(404).end();
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/studio/`,
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}
