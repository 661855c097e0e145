import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { serveStudio } from './studio-static';

@Module({})
class EmptyModule {}

async function appServing(root: string, gatewayPublicUrl?: string): Promise<{ app: NestFastifyApplication; result: Awaited<ReturnType<typeof serveStudio>> }> {
  const app = await NestFactory.create<NestFastifyApplication>(EmptyModule, new FastifyAdapter(), { logger: false });
  const result = await serveStudio(app, { root, gatewayPublicUrl });
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return { app, result };
}

describe('serveStudio (the registry serving the studio build)', () => {
  let root: string;
  let app: NestFastifyApplication;

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'studio-static-'));
    mkdirSync(join(root, 'assets'));
    writeFileSync(join(root, 'index.html'), '<!doctype html><title>Studio</title>');
    writeFileSync(join(root, 'assets', 'index-abc123.js'), 'console.log(1)');
    writeFileSync(join(root, 'assets', 'index-abc123.css'), 'body{}');
    writeFileSync(join(tmpdir(), 'secret.txt'), 'secret');
    ({ app } = await appServing(root, 'https://gateway.example.com/v1/'));
  });

  afterAll(async () => {
    await app.close();
    rmSync(root, { recursive: true, force: true });
  });

  const get = (url: string) => app.getHttpAdapter().getInstance().inject({ method: 'GET', url });

  it('serves index.html at /studio/ with a strict content security policy and no caching', async () => {
    const response = await get('/studio/');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(response.headers['cache-control']).toBe('no-cache');
    expect(response.headers['content-security-policy']).toContain("default-src 'self'");
    // The deployment playground may call the gateway (and nothing else).
    expect(response.headers['content-security-policy']).toContain("connect-src 'self' https://gateway.example.com;");
    expect(response.headers['x-frame-options']).toBe('DENY');
    expect(response.body).toContain('<title>Studio</title>');
  });

  it('serves hashed assets with their type, cached for good', async () => {
    const js = await get('/studio/assets/index-abc123.js');
    expect(js.statusCode).toBe(200);
    expect(js.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(js.headers['cache-control']).toContain('immutable');
    expect((await get('/studio/assets/index-abc123.css')).headers['content-type']).toBe('text/css; charset=utf-8');
  });

  it('redirects / and /studio to /studio/', async () => {
    expect((await get('/')).headers['location']).toBe('/studio/');
    const bare = await get('/studio');
    expect(bare.statusCode).toBe(301);
    expect(bare.headers['location']).toBe('/studio/');
  });

  it('tells the studio where the gateway is', async () => {
    const response = await get('/studio/config.json');
    expect(response.json()).toEqual({ gatewayUrl: 'https://gateway.example.com/v1' });
  });

  it('answers 404 for missing files and never leaves the build folder', async () => {
    expect((await get('/studio/nope.js')).statusCode).toBe(404);
    expect((await get('/studio/../secret.txt')).statusCode).toBe(404);
    expect((await get('/studio/%2e%2e/secret.txt')).statusCode).toBe(404);
    expect((await get('/studio/..%2fsecret.txt')).statusCode).toBe(404);
    expect((await get('/studio/assets%00.js')).statusCode).toBe(404);
    expect((await get('/studio/nope.js')).json()).toEqual({ error: { code: 'not_found', message: 'No such file in the studio.' } });
  });

  it('leaves the registry an API only when the studio is not built, saying why', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'studio-missing-'));
    const { app: bare, result } = await appServing(empty);
    expect(result).toEqual({ served: false, reason: expect.stringContaining('no studio build') });
    expect((await bare.getHttpAdapter().getInstance().inject({ method: 'GET', url: '/studio/' })).statusCode).toBe(404);
    await bare.close();
    rmSync(empty, { recursive: true, force: true });
  });

  it('serves no config.json without a gateway URL (the studio then assumes its default)', async () => {
    const { app: plain } = await appServing(root);
    expect((await plain.getHttpAdapter().getInstance().inject({ method: 'GET', url: '/studio/config.json' })).statusCode).toBe(404);
    await plain.close();
  });
});
