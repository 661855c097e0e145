import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { extname, join, resolve, sep } from 'node:path';
import { type NestFastifyApplication } from '@nestjs/platform-fastify';
import { type FastifyReply, type FastifyRequest } from 'fastify';

/**
 * Serves the built studio (`dist/apps/studio`, a static single-page app) from the
 * registry, so in production the browser talks to one origin: the studio at
 * `/studio/` and the REST API it calls at `/v1`. No dependency: @fastify/static pulls
 * an ESM-only module that Jest cannot load (the registry's tests create the app).
 * `createRegistryApp` calls it with STUDIO_DIR and GATEWAY_PUBLIC_URL.
 */

export const STUDIO_PREFIX = '/studio';

export interface StudioStaticOptions {
  /** The studio build: the folder with index.html (`dist/apps/studio`). */
  root: string;
  /** The gateway's public base URL (ending in /v1) for the studio's copy-ready snippets; served as `/studio/config.json`. */
  gatewayPublicUrl?: string | undefined;
  /** Send `GET /` to the studio (default true). */
  redirectRoot?: boolean;
}

export type StudioStaticResult = { served: true; root: string } | { served: false; reason: string };

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.webp': 'image/webp',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

/**
 * The page may load only its own scripts and styles and talk only to its own origin,
 * and to the gateway's (the deployment playground calls it like an application does;
 * the gateway allows this origin through GATEWAY_CORS_ORIGINS).
 */
export function contentSecurityPolicy(gatewayUrl?: string): string {
  let gatewayOrigin = '';
  try {
    gatewayOrigin = gatewayUrl ? new URL(gatewayUrl).origin : '';
  } catch {
    gatewayOrigin = '';
  }
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    gatewayOrigin ? `connect-src 'self' ${gatewayOrigin}` : "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

function notFound(reply: FastifyReply): FastifyReply {
  return reply.status(404).type('application/json; charset=utf-8').send({ error: { code: 'not_found', message: 'No such file in the studio.' } });
}

/**
 * Registers `GET /studio/*` (files of the build, index.html for the folder),
 * `GET /studio/config.json` and the redirects `/` and `/studio` → `/studio/`.
 * When the build is missing the registry runs as an API only and says why.
 */
export async function serveStudio(app: NestFastifyApplication, options: StudioStaticOptions): Promise<StudioStaticResult> {
  const root = resolve(options.root);
  if (!(await isFile(join(root, 'index.html')))) {
    return { served: false, reason: `no studio build at ${root} (run: npx nx run studio:build)` };
  }
  const fastify = app.getHttpAdapter().getInstance();
  const gatewayUrl = options.gatewayPublicUrl?.replace(/\/+$/, '');
  const csp = contentSecurityPolicy(gatewayUrl);

  if (options.redirectRoot ?? true) {
    fastify.get('/', (_request, reply) => reply.redirect(`${STUDIO_PREFIX}/`, 302));
  }
  fastify.get(STUDIO_PREFIX, (_request, reply) => reply.redirect(`${STUDIO_PREFIX}/`, 301));
  fastify.get(`${STUDIO_PREFIX}/config.json`, (_request, reply) => {
    if (!gatewayUrl) return notFound(reply);
    return reply.header('cache-control', 'no-cache').type('application/json; charset=utf-8').send({ gatewayUrl });
  });
  fastify.get(`${STUDIO_PREFIX}/*`, async (request: FastifyRequest, reply: FastifyReply) => {
    const relative = (request.params as { '*'?: string })['*'] || 'index.html';
    if (relative.includes('\0')) return notFound(reply);
    const file = resolve(root, relative);
    if (file !== root && !file.startsWith(root + sep)) return notFound(reply);
    const target = (await isFile(file)) ? file : relative.endsWith('/') && (await isFile(join(file, 'index.html'))) ? join(file, 'index.html') : null;
    if (!target) return notFound(reply);
    const html = target.endsWith('.html');
    const hashedAsset = target.startsWith(join(root, 'assets') + sep);
    reply
      .header('x-content-type-options', 'nosniff')
      .header('cache-control', html ? 'no-cache' : hashedAsset ? 'public, max-age=31536000, immutable' : 'public, max-age=300')
      .type(CONTENT_TYPES[extname(target).toLowerCase()] ?? 'application/octet-stream');
    if (html) {
      reply.header('content-security-policy', csp).header('referrer-policy', 'no-referrer').header('x-frame-options', 'DENY');
    }
    reply.header('content-length', (await stat(target)).size);
    return reply.send(createReadStream(target));
  });
  return { served: true, root };
}
