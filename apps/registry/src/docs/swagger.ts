import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { type NestFastifyApplication } from '@nestjs/platform-fastify';
import { ADMIN_TOKEN_SECURITY, API_KEY_SECURITY } from '../auth/auth.constant';

const UI_ASSETS: Record<string, string> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'application/javascript; charset=utf-8',
  'swagger-ui-standalone-preset.js': 'application/javascript; charset=utf-8',
  'favicon-32x32.png': 'image/png',
};

const INDEX_HTML = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Model Garden registry API</title>
  <link rel="stylesheet" href="/docs/swagger-ui.css">
  <link rel="icon" type="image/png" href="/docs/favicon-32x32.png">
</head>
<body>
  <div id="swagger-ui"></div>
  <script src="/docs/swagger-ui-bundle.js"></script>
  <script src="/docs/swagger-ui-init.js"></script>
</body>
</html>
`;

const INIT_JS = `window.onload = function () {
  window.ui = SwaggerUIBundle({ url: '/docs-json', dom_id: '#swagger-ui', deepLinking: true, persistAuthorization: false });
};
`;

/**
 * OpenAPI generated from the controllers and DTOs: the document at /docs-json (and
 * /docs-yaml), Swagger UI at /docs. The UI's files are served from swagger-ui-dist
 * directly, without @fastify/static (whose ESM dependency Jest cannot load).
 */
export function setupSwagger(app: NestFastifyApplication): void {
  const config = new DocumentBuilder()
    .setTitle('Model Garden registry')
    .setDescription(
      'Workspaces, workspace API keys, private model configurations, the public catalogue and usage. ' +
        'Errors are `{"error": {"code", "message", "details"?}}`; another workspace\'s model or key answers 404 like a missing one.',
    )
    .setVersion('1')
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'Workspace API key (mgk_<prefix>_<secret>)' }, API_KEY_SECURITY)
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'The platform ADMIN_TOKEN (workspace creation only)' }, ADMIN_TOKEN_SECURITY)
    .build();
  const document = SwaggerModule.createDocument(app, config);
  // Probes, not the API (the shared health controller carries no Swagger decorator: services without docs do not load Swagger).
  for (const path of Object.keys(document.paths)) if (path.startsWith('/health/')) delete document.paths[path];
  SwaggerModule.setup('docs', app, document, { ui: false, jsonDocumentUrl: 'docs-json', yamlDocumentUrl: 'docs-yaml' });

  const assetsDir = dirname(require.resolve('swagger-ui-dist/package.json', { paths: [dirname(require.resolve('@nestjs/swagger'))] }));
  const cache = new Map<string, Buffer>();
  const fastify = app.getHttpAdapter().getInstance();
  fastify.get('/docs', async (_request, reply) => reply.type('text/html; charset=utf-8').send(INDEX_HTML));
  fastify.get('/docs/swagger-ui-init.js', async (_request, reply) => reply.type('application/javascript; charset=utf-8').send(INIT_JS));
  fastify.get<{ Params: { file: string } }>('/docs/:file', async (request, reply) => {
    const type = UI_ASSETS[request.params.file];
    if (!type) return reply.code(404).send({ error: { code: 'not_found', message: 'There is no such file.' } });
    let body = cache.get(request.params.file);
    if (!body) {
      body = readFileSync(join(assetsDir, request.params.file));
      cache.set(request.params.file, body);
    }
    return reply.type(type).header('cache-control', 'public, max-age=86400').send(body);
  });
}
