import { ApiError, type FetchLike, RegistryClient, listAllModels, queryString } from './registry-client';

interface Call {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: unknown;
}

/** A fetch that records each call and answers from a queue. */
function fakeFetch(...answers: (Response | Error)[]): { fetch: FetchLike; calls: Call[] } {
  const calls: Call[] = [];
  const fetch: FetchLike = async (url, init) => {
    calls.push({
      url,
      method: init?.method ?? 'GET',
      headers: init?.headers as Record<string, string>,
      body: typeof init?.body === 'string' && (init.headers as Record<string, string>)['content-type'] === 'application/json' ? JSON.parse(init.body) : init?.body,
    });
    const next = answers.shift();
    if (!next) throw new Error('unexpected call');
    if (next instanceof Error) throw next;
    return next;
  };
  return { fetch, calls };
}

const json = (status: number, body: unknown): Response => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
const page = { data: [], nextCursor: null };

describe('RegistryClient', () => {
  it('sends the workspace key as a bearer token to the same origin', async () => {
    const { fetch, calls } = fakeFetch(json(200, page));
    await new RegistryClient({ apiKey: 'mgk_abc_secret', fetch }).listModels();
    expect(calls[0]).toMatchObject({ url: '/v1/models', method: 'GET', headers: { authorization: 'Bearer mgk_abc_secret', accept: 'application/json' } });
    expect(calls[0]?.headers['content-type']).toBeUndefined();
  });

  it('sends a file as it is with its content type (a dataset upload), not as JSON', async () => {
    const { fetch, calls } = fakeFetch(json(200, { imported: 1 }));
    const csv = 'question,expected_output\nhi,hello\n';
    await new RegistryClient({ apiKey: 'k', fetch }).call('POST', '/v1/datasets/d1/import?format=csv', { raw: { body: csv, contentType: 'text/csv' } });
    expect(calls[0]).toMatchObject({ method: 'POST', headers: { 'content-type': 'text/csv' } });
    expect(calls[0]?.body).toBe(csv);
  });

  it('downloads an export as a Blob, and a refused one as the ApiError of its status', async () => {
    const unauthorized: ApiError[] = [];
    const { fetch, calls } = fakeFetch(new Response('a,b\n1,2\n', { status: 200, headers: { 'content-type': 'text/csv' } }), new Response('', { status: 401 }));
    const client = new RegistryClient({ apiKey: 'k', fetch, onUnauthorized: (e) => unauthorized.push(e) });
    expect(await (await client.download('/v1/experiments/e/runs/r/export?format=csv')).text()).toBe('a,b\n1,2\n');
    expect(calls[0]?.headers).toEqual({ authorization: 'Bearer k' });
    await expect(client.download('/v1/x')).rejects.toMatchObject({ status: 401 });
    expect(unauthorized).toHaveLength(1);
  });

  it('puts only the filters that are set in the query, trimmed', async () => {
    const { fetch, calls } = fakeFetch(json(200, page));
    await new RegistryClient({ apiKey: 'k', fetch, baseUrl: 'http://registry:3000/' }).listModels({ type: 'chat', owner: '', status: 'active', region: 'eu', q: '  llama ', limit: 50, cursor: null });
    expect(calls[0]?.url).toBe('http://registry:3000/v1/models?type=chat&status=active&region=eu&q=llama&limit=50');
  });

  it('calls each model route with its method and JSON body', async () => {
    const model = { id: 'm1' };
    const { fetch, calls } = fakeFetch(json(202, model), json(200, model), json(202, model), json(202, model), new Response(null, { status: 204 }), json(200, model), json(200, model));
    const client = new RegistryClient({ apiKey: 'k', fetch });
    await client.createModel({ type: 'chat', baseUrl: 'https://x.example/v1', apiKey: 'sk', name: 'X', modelId: 'x', region: 'us' });
    await client.updateModel('m 1', { name: 'Y' });
    await client.rotateApiKey('m1', 'sk-new');
    await client.validateModel('m1');
    await expect(client.deleteModel('m1')).resolves.toBeUndefined();
    await client.setPublicModelEnabled('groq', 'llama-3.1-8b', false);
    await client.getPublicModel('groq', 'llama-3.1-8b');
    expect(calls.map((c) => `${c.method} ${c.url}`)).toEqual([
      'POST /v1/models',
      'PATCH /v1/models/m%201',
      'PUT /v1/models/m1/api-key',
      'POST /v1/models/m1/validate',
      'DELETE /v1/models/m1',
      'PATCH /v1/catalogue/groq/llama-3.1-8b',
      'GET /v1/catalogue/groq/llama-3.1-8b',
    ]);
    expect(calls[0]?.headers['content-type']).toBe('application/json');
    expect(calls[0]?.body).toMatchObject({ type: 'chat', apiKey: 'sk' });
    expect(calls[1]?.body).toEqual({ name: 'Y' });
    expect(calls[2]?.body).toEqual({ apiKey: 'sk-new' });
    expect(calls[3]?.body).toBeNull();
    expect(calls[5]?.body).toEqual({ enabled: false });
  });

  it('asks for usage with its range and grouping', async () => {
    const { fetch, calls } = fakeFetch(json(200, { groups: [] }));
    await new RegistryClient({ apiKey: 'k', fetch }).usage({ from: '2025-01-01T00:00:00.000Z', to: '2025-01-02T00:00:00.000Z', groupBy: 'model' });
    expect(calls[0]?.url).toBe('/v1/usage?from=2025-01-01T00%3A00%3A00.000Z&to=2025-01-02T00%3A00%3A00.000Z&groupBy=model');
  });

  it("turns the registry's error body into an ApiError with its code, details and suggestion", async () => {
    const body = { error: { code: 'validation_failed', message: 'Invalid request', details: [{ field: 'name', message: 'name must not be blank' }] } };
    const { fetch } = fakeFetch(json(400, body), json(409, { error: { code: 'conflict', message: 'The key llama is taken', suggestion: 'llama-2' } }));
    const client = new RegistryClient({ apiKey: 'k', fetch });
    const error = await client.getModel('m1').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 400, code: 'validation_failed', message: 'Invalid request', details: [{ field: 'name', message: 'name must not be blank' }] });
    await expect(client.getModel('m1')).rejects.toMatchObject({ status: 409, code: 'conflict', suggestion: 'llama-2' });
  });

  it('explains answers without an error body by their status', async () => {
    const { fetch } = fakeFetch(new Response('<html>bad gateway</html>', { status: 502 }), new Response('', { status: 418 }));
    const client = new RegistryClient({ apiKey: 'k', fetch });
    await expect(client.getModel('m1')).rejects.toMatchObject({ status: 502, code: 'http_502', message: 'The registry is unreachable behind its proxy (502).' });
    await expect(client.getModel('m1')).rejects.toMatchObject({ status: 418, message: 'The registry answered 418.' });
  });

  it('reports an unreachable registry as a network error, and lets an abort through', async () => {
    const abort = new Error('aborted');
    abort.name = 'AbortError';
    const { fetch } = fakeFetch(new TypeError('fetch failed'), abort);
    const client = new RegistryClient({ apiKey: 'k', fetch });
    await expect(client.listModels()).rejects.toMatchObject({ status: 0, code: 'network_error' });
    await expect(client.listModels()).rejects.toBe(abort);
  });

  it('refuses a success answer it cannot read', async () => {
    const { fetch } = fakeFetch(new Response('not json', { status: 200 }));
    await expect(new RegistryClient({ apiKey: 'k', fetch }).getModel('m1')).rejects.toMatchObject({ code: 'bad_response' });
  });

  it('calls onUnauthorized on a 401 (a revoked key signs the studio out)', async () => {
    const onUnauthorized = jest.fn();
    const { fetch } = fakeFetch(json(401, { error: { code: 'unauthorized', message: 'Unknown API key' } }), json(403, { error: { code: 'forbidden', message: 'Missing scope' } }));
    const client = new RegistryClient({ apiKey: 'k', fetch, onUnauthorized });
    await expect(client.listModels()).rejects.toMatchObject({ isUnauthorized: true });
    await expect(client.listModels()).rejects.toMatchObject({ status: 403 });
    expect(onUnauthorized).toHaveBeenCalledTimes(1);
  });

  it('follows cursors to list every page', async () => {
    const { fetch, calls } = fakeFetch(json(200, { data: [{ id: 'a' }], nextCursor: 'c1' }), json(200, { data: [{ id: 'b' }], nextCursor: null }));
    const models = await listAllModels(new RegistryClient({ apiKey: 'k', fetch }), { type: 'chat' });
    expect(models.map((m) => m.id)).toEqual(['a', 'b']);
    expect(calls[1]?.url).toBe('/v1/models?type=chat&cursor=c1&limit=200');
  });

  it('builds query strings without empty values', () => {
    expect(queryString({})).toBe('');
    expect(queryString({ a: '', b: undefined, c: null, d: 0, e: 'x y' })).toBe('?d=0&e=x+y');
  });
});
