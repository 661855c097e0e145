import { readFileSync } from 'node:fs';
import { get as httpGet } from 'node:http';
import { get as httpsGet } from 'node:https';
import { createTestCertificates, type TestCertificates } from '@model-garden/testing';
import { createMockProvider } from './server';
import { errorOf, startTestProvider, TEST_API_KEY, type TestProvider } from './testing/test-provider';

describe('mock provider: HTTP surface', () => {
  let provider: TestProvider;
  beforeAll(async () => {
    provider = await startTestProvider({ bodyLimitBytes: 64 * 1024 });
  });
  afterAll(() => provider.close());

  it('answers /health without a key', async () => {
    const response = await fetch(`${provider.url}/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  it.each([
    ['no header', {}],
    ['a wrong key', { authorization: 'Bearer sk-wrong-key-abcdef' }],
    ['another scheme', { authorization: `Basic ${TEST_API_KEY}` }],
  ])('refuses %s with OpenAI’s 401 and never echoes the key', async (_case, headers: Record<string, string>) => {
    const response = await fetch(`${provider.url}/v1/models`, { headers });
    expect(response.status).toBe(401);
    const text = await response.text();
    expect(JSON.parse(text)).toEqual({
      error: { message: 'Incorrect API key provided.', type: 'invalid_request_error', param: null, code: 'invalid_api_key' },
    });
    expect(text).not.toContain('sk-wrong');
  });

  it('refuses the admin API without the key too', async () => {
    expect((await fetch(`${provider.url}/__mock/stats`)).status).toBe(401);
  });

  it('lists the models in OpenAI’s shape, through the SDK', async () => {
    const ids: string[] = [];
    for await (const model of provider.client.models.list()) {
      expect(model).toEqual({ id: model.id, object: 'model', created: expect.any(Number), owned_by: 'mock-provider' });
      ids.push(model.id);
    }
    expect(ids).toEqual(
      expect.arrayContaining(['mock-chat', 'mock-chat-basic', 'mock-instruct', 'mock-embed', 'mock-image', 'mock-flaky', 'mock-rate-limited', 'mock-hang', 'mock-stream-only', 'mock-slow-stream']),
    );
  });

  it('retrieves one model, and 404s an unknown one with model_not_found', async () => {
    expect(await provider.client.models.retrieve('mock-embed')).toMatchObject({ id: 'mock-embed', object: 'model' });
    const response = await provider.call('/v1/models/nope');
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({
      error: { message: 'The model `nope` does not exist or you do not have access to it.', type: 'invalid_request_error', param: 'model', code: 'model_not_found' },
    });
  });

  it('404s an unknown model on a model endpoint', async () => {
    await expect(provider.client.chat.completions.create({ model: 'gpt-nope', messages: [{ role: 'user', content: 'hi' }] })).rejects.toMatchObject({
      status: 404,
      code: 'model_not_found',
      param: 'model',
    });
  });

  it('404s an unknown route in OpenAI’s shape', async () => {
    const response = await provider.call('/v1/responses', { body: {} });
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ error: { message: 'Invalid URL (POST /v1/responses)', type: 'invalid_request_error', param: null, code: null } });
  });

  it('400s a body that is not JSON, or not an object', async () => {
    for (const body of ['{"model":', '[1,2]', '']) {
      const response = await provider.call('/v1/chat/completions', { method: 'POST', body });
      expect(response.status).toBe(400);
      expect((await errorOf(response)).type).toBe('invalid_request_error');
    }
  });

  it('413s a body over the limit and keeps serving', async () => {
    const response = await provider.call('/v1/embeddings', { body: { model: 'mock-embed', input: 'x'.repeat(100 * 1024) } });
    expect(response.status).toBe(413);
    expect((await errorOf(response)).code).toBe('request_too_large');
    expect((await provider.call('/v1/models')).status).toBe(200);
  });

  it('400s a model used on the wrong endpoint, naming both', async () => {
    const response = await provider.call('/v1/embeddings', { body: { model: 'mock-chat', input: 'hi' } });
    expect(response.status).toBe(400);
    const error = await errorOf(response);
    expect(error).toMatchObject({ type: 'invalid_request_error', param: 'model' });
    expect(error.message).toContain('/v1/chat/completions');
  });

  it('names the bad field of a request', async () => {
    const response = await provider.call('/v1/chat/completions', { body: { model: 'mock-chat', messages: [{ role: 'user', content: 'hi' }], stream: 'yes' } });
    expect(response.status).toBe(400);
    expect((await errorOf(response))).toMatchObject({ param: 'stream', code: 'invalid_type' });
  });

  it('adds the x-mock-latency-ms header’s latency, and refuses a bad value', async () => {
    const started = performance.now();
    const response = await provider.call('/v1/models', { headers: { 'x-mock-latency-ms': '150' } });
    expect(response.status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
    expect((await provider.call('/v1/models', { headers: { 'x-mock-latency-ms': 'soon' } })).status).toBe(400);
  });
});

describe('mock provider: configured latency and shutdown', () => {
  it('adds the configured latency to /v1 responses only, and closes while a request hangs', async () => {
    const provider = await startTestProvider({ latencyMs: 120 });
    let started = performance.now();
    await provider.call('/v1/models');
    expect(performance.now() - started).toBeGreaterThanOrEqual(110);
    started = performance.now();
    await provider.call('/__mock/stats');
    expect(performance.now() - started).toBeLessThan(100);

    const hanging = provider.call('/v1/chat/completions', { body: { model: 'mock-hang', messages: [{ role: 'user', content: 'hi' }] } });
    await new Promise((resolve) => setTimeout(resolve, 200));
    const closing = performance.now();
    await provider.close();
    expect(performance.now() - closing).toBeLessThan(150);
    await expect(hanging).rejects.toThrow();
  });

  it('refuses an empty key', async () => {
    await expect(createMockProvider({ apiKey: '' })).rejects.toThrow(/apiKey/);
  });
});

describe('mock provider: https on the same port', () => {
  // Made with openssl for this test (no key material is committed).
  let certificates: TestCertificates;
  let tls: { cert: string; key: string };
  let ca: string;
  beforeAll(() => {
    certificates = createTestCertificates();
    tls = { cert: readFileSync(certificates.localhostOnly.cert, 'utf8'), key: readFileSync(certificates.localhostOnly.key, 'utf8') };
    ca = readFileSync(certificates.ca.cert, 'utf8');
  });
  afterAll(() => certificates.remove());

  function get(url: string, options: { ca?: string } = {}): Promise<{ status: number; body: string }> {
    return new Promise((resolve, reject) => {
      const request = (url.startsWith('https:') ? httpsGet : httpGet)(url, { ...options, headers: { authorization: `Bearer ${TEST_API_KEY}` } }, (response) => {
        let body = '';
        response.on('data', (chunk: Buffer) => (body += chunk.toString()));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
      });
      request.on('error', reject);
    });
  }

  it('answers http and https (certificate for localhost) on one port, and a wrong host name is a certificate error', async () => {
    const provider = await createMockProvider({ apiKey: TEST_API_KEY, tls });
    try {
      const plain = await get(`http://localhost:${provider.port}/v1/models`);
      const secure = await get(`https://localhost:${provider.port}/v1/models`, { ca });
      expect([plain.status, secure.status]).toEqual([200, 200]);
      expect(JSON.parse(secure.body)).toEqual(JSON.parse(plain.body));
      const wrongHost = await get(`https://127.0.0.1:${provider.port}/v1/models`, { ca }).catch((error: NodeJS.ErrnoException) => error.code);
      expect(wrongHost).toBe('ERR_TLS_CERT_ALTNAME_INVALID');
    } finally {
      await provider.close();
    }
  });
});
