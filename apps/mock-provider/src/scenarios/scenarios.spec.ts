import OpenAI from 'openai';
import { errorOf, eventually, jsonOf, readSse, startTestProvider, TEST_API_KEY, type TestProvider } from '../testing/test-provider';

const chat = (model: string, extra: object = {}): object => ({ model, messages: [{ role: 'user', content: 'hi' }], ...extra });

describe('fault injection', () => {
  let provider: TestProvider;
  beforeAll(async () => {
    provider = await startTestProvider();
  });
  afterAll(() => provider.close());

  async function scenario(body: object): Promise<Response> {
    return provider.call('/__mock/scenarios', { body });
  }

  async function counters(id: string): Promise<{ calls: number; aborted: number; faults: number }> {
    return jsonOf(await provider.call(`/__mock/scenarios/${encodeURIComponent(id)}`));
  }

  describe('built-in fault models', () => {
    it('mock-flaky fails its first 2 calls with 503, then succeeds', async () => {
      const statuses: number[] = [];
      for (let i = 0; i < 3; i++) statuses.push((await provider.call('/v1/chat/completions', { body: chat('mock-flaky') })).status);
      expect(statuses).toEqual([503, 503, 200]);
    });

    it('mock-rate-limited answers 429 with Retry-After twice', async () => {
      const first = await provider.call('/v1/chat/completions', { body: chat('mock-rate-limited') });
      expect(first.status).toBe(429);
      expect(first.headers.get('retry-after')).toBe('1');
      expect(first.headers.get('retry-after-ms')).toBe('1000');
      expect((await errorOf(first))).toMatchObject({ type: 'requests', code: 'rate_limit_exceeded' });
      expect((await provider.call('/v1/chat/completions', { body: chat('mock-rate-limited') })).status).toBe(429);
      expect((await provider.call('/v1/chat/completions', { body: chat('mock-rate-limited') })).status).toBe(200);
    });
  });

  describe('scenario API', () => {
    it('creates a model with failFirst and Retry-After, counting its calls', async () => {
      const created = await scenario({ id: 'flaky-429', base: 'mock-chat', failFirst: 2, failStatus: 429, retryAfterSeconds: 3 });
      expect(created.status).toBe(201);
      expect(await jsonOf(created)).toEqual({ id: 'flaky-429', object: 'mock.scenario', base: 'mock-chat', failFirst: 2, failStatus: 429, retryAfterSeconds: 3, unlisted: false, calls: 0, aborted: 0, faults: 0 });

      const answers = [];
      for (let i = 0; i < 3; i++) {
        const response = await provider.call('/v1/chat/completions', { body: chat('flaky-429') });
        answers.push([response.status, response.headers.get('retry-after'), response.headers.get('retry-after-ms')]);
      }
      expect(answers).toEqual([
        [429, '3', '3000'],
        [429, '3', '3000'],
        [200, null, null],
      ]);
      expect(await counters('flaky-429')).toMatchObject({ id: 'flaky-429', calls: 3, aborted: 0, faults: 2 });
    });

    it('lets the SDK’s own retries get through failFirst', async () => {
      await scenario({ id: 'flaky-sdk', base: 'mock-chat', failFirst: 1, failStatus: 503, retryAfterSeconds: 0 });
      const client = new OpenAI({ apiKey: TEST_API_KEY, baseURL: `${provider.url}/v1`, maxRetries: 2 });
      const completion = await client.chat.completions.create({ model: 'flaky-sdk', messages: [{ role: 'user', content: 'hi' }] });
      expect(completion.choices[0].message.content).toBe('Mock reply to: hi');
      expect(await counters('flaky-sdk')).toMatchObject({ calls: 2, faults: 1 });
    });

    it('replaces a scenario (and its counters), lists it, and deletes it', async () => {
      await scenario({ id: 'temp', base: 'mock-embed' });
      await provider.client.embeddings.create({ model: 'temp', input: 'x' });
      expect((await counters('temp')).calls).toBe(1);
      await scenario({ id: 'temp', base: 'mock-embed', latencyMs: 1 });
      expect(await counters('temp')).toMatchObject({ calls: 0, latencyMs: 1 });
      expect((await jsonOf<{ data: Array<{ id: string }> }>(await provider.call('/__mock/scenarios'))).data.map((s) => s.id)).toContain('temp');
      expect(await jsonOf(await provider.call('/__mock/scenarios/temp', { method: 'DELETE' }))).toEqual({ id: 'temp', object: 'mock.scenario', deleted: true });
      expect((await provider.call('/__mock/scenarios/temp')).status).toBe(404);
      await expect(provider.client.embeddings.create({ model: 'temp', input: 'x' })).rejects.toMatchObject({ status: 404, code: 'model_not_found' });
    });

    it('serves an unlisted scenario without listing it', async () => {
      await scenario({ id: 'hidden-chat', base: 'mock-chat', unlisted: true });
      await scenario({ id: 'shown-chat', base: 'mock-chat' });
      const ids = (await provider.client.models.list()).data.map((model) => model.id);
      expect(ids).toContain('shown-chat');
      expect(ids).not.toContain('hidden-chat');
      expect((await provider.call('/v1/models/hidden-chat')).status).toBe(404);
      expect((await provider.client.chat.completions.create({ model: 'hidden-chat', messages: [{ role: 'user', content: 'yo' }] })).choices[0].message.content).toBe('Mock reply to: yo');
    });

    it.each([
      [{ id: 'x', base: 'mock-chat', failStatus: 418 }, 'failStatus'],
      [{ id: 'x', base: 'gpt-4' }, 'base'],
      [{ id: 'x' }, 'base'],
      [{ id: 'x', base: 'mock-chat', failfirst: 1 }, 'failfirst'],
      [{ id: 'mock-chat', base: 'mock-chat' }, 'id'],
      [{ id: 'bad id', base: 'mock-chat' }, 'id'],
      [{ id: 'x', base: 'mock-chat', chunks: 0 }, 'chunks'],
    ])('refuses %j naming %s', async (body, param) => {
      const response = await scenario(body);
      expect(response.status).toBe(400);
      expect((await errorOf(response)).param).toBe(param);
    });

    it('adds a scenario’s latency', async () => {
      await scenario({ id: 'slow', base: 'mock-chat', latencyMs: 150 });
      const started = performance.now();
      await provider.client.chat.completions.create({ model: 'slow', messages: [{ role: 'user', content: 'hi' }] });
      expect(performance.now() - started).toBeGreaterThanOrEqual(140);
    });

    it('reports totals per model', async () => {
      const stats = await jsonOf<{ object: string; models: Record<string, object>; totals: { calls: number } }>(await provider.call('/__mock/stats'));
      expect(stats.object).toBe('mock.stats');
      expect(stats.models['mock-flaky']).toMatchObject({ base: 'mock-chat', origin: 'builtin', calls: 3, faults: 2 });
      expect(stats.totals.calls).toBeGreaterThanOrEqual(6);
    });
  });

  describe('hostile upstreams', () => {
    it('endlessStream sends event-stream bytes that never end an event, until the client goes away', async () => {
      await scenario({ id: 'endless-1', base: 'mock-chat', endlessStream: true });
      const controller = new AbortController();
      const response = await provider.call('/v1/chat/completions', { body: chat('endless-1'), signal: controller.signal });
      expect(response.headers.get('content-type')).toContain('text/event-stream');
      const reader = response.body!.getReader();
      let received = '';
      while (received.length < 300_000) received += Buffer.from((await reader.read()).value!).toString('utf8');
      expect(received.startsWith('data: ')).toBe(true);
      expect(received).not.toContain('\n\n');
      controller.abort();
      await eventually(async () => (await counters('endless-1')).aborted === 1);
    });

    it('jsonPaddingBytes, reportedPromptTokens and successContentType shape a successful answer', async () => {
      await scenario({ id: 'shaped', base: 'mock-chat', jsonPaddingBytes: 200_000, reportedPromptTokens: 3_000_000_000, successContentType: 'text/html' });
      const response = await provider.call('/v1/chat/completions', { body: chat('shaped') });
      expect(response.headers.get('content-type')).toBe('text/html');
      expect(response.headers.get('content-length')).toBeNull();
      const answer = (await response.json()) as { mock_padding: string; usage: { prompt_tokens: number }; choices: unknown[] };
      expect(answer.mock_padding.length).toBe(200_000);
      expect(answer.usage.prompt_tokens).toBe(3_000_000_000);
      expect(answer.choices.length).toBe(1);
    });
  });

  describe('client aborts', () => {
    it('counts a hung request whose client goes away', async () => {
      await scenario({ id: 'hang-1', base: 'mock-chat', hang: true });
      const controller = new AbortController();
      const pending = provider.call('/v1/chat/completions', { body: chat('hang-1'), signal: controller.signal });
      await eventually(async () => (await counters('hang-1')).calls === 1);
      controller.abort();
      await expect(pending).rejects.toThrow();
      await eventually(async () => (await counters('hang-1')).aborted === 1);
    });

    it('counts an abort during a latency wait and during a stream', async () => {
      await scenario({ id: 'waits', base: 'mock-chat', latencyMs: 10_000 });
      const waiting = new AbortController();
      const pending = provider.call('/v1/chat/completions', { body: chat('waits'), signal: waiting.signal });
      await eventually(async () => (await counters('waits')).calls === 1);
      waiting.abort();
      await expect(pending).rejects.toThrow();
      await eventually(async () => (await counters('waits')).aborted === 1);

      await scenario({ id: 'long-stream', base: 'mock-chat', chunks: 100, chunkDelayMs: 50 });
      const streaming = new AbortController();
      const response = await provider.call('/v1/chat/completions', { body: chat('long-stream', { stream: true }), signal: streaming.signal });
      const reader = response.body?.getReader();
      await reader?.read();
      streaming.abort();
      await eventually(async () => (await counters('long-stream')).aborted === 1);
    });
  });

  describe('streams', () => {
    it('sends chunks as they are produced (first long before last)', async () => {
      await scenario({ id: 'paced', base: 'mock-chat', chunks: 5, chunkDelayMs: 150 });
      const started = performance.now();
      const response = await provider.call('/v1/chat/completions', { body: chat('paced', { stream: true }) });
      const headersAt = performance.now() - started;
      const events = await readSse(response);
      const content = events.filter((event) => event.data.includes('"content":"') && !event.data.includes('"role"'));
      expect(content).toHaveLength(5);
      expect(headersAt).toBeLessThan(100);
      expect(content[0].at).toBeLessThan(100);
      expect(content[4].at - content[0].at).toBeGreaterThanOrEqual(550);
    });

    it('mock-slow-stream sends 200 chunks 10 ms apart', async () => {
      const response = await provider.call('/v1/chat/completions', { body: chat('mock-slow-stream', { stream: true }) });
      const events = await readSse(response);
      const content = events.filter((event) => event.data.includes('"content":"') && !event.data.includes('"role"'));
      expect(content).toHaveLength(200);
      expect(content[199].at - content[0].at).toBeGreaterThanOrEqual(1900);
    });

    it('cuts a stream after N events', async () => {
      await scenario({ id: 'cut', base: 'mock-chat', cutStreamAfterChunks: 2 });
      const response = await provider.call('/v1/chat/completions', { body: chat('cut', { stream: true }) });
      const reader = response.body!.getReader();
      let text = '';
      let failure: unknown;
      try {
        for (let result = await reader.read(); !result.done; result = await reader.read()) text += Buffer.from(result.value).toString();
      } catch (error) {
        failure = error;
      }
      expect(failure).toBeDefined();
      expect(text.match(/^data: /gm)).toHaveLength(2);
      expect(text).not.toContain('[DONE]');
      expect(await counters('cut')).toMatchObject({ calls: 1, aborted: 0 });
    });

    it('cuts a non-streamed body half way', async () => {
      await scenario({ id: 'cut-body', base: 'mock-chat', cutStreamAfterChunks: 0 });
      const response = await provider.call('/v1/chat/completions', { body: chat('cut-body') });
      await expect(response.text()).rejects.toThrow();
    });
  });

  describe('broken answers', () => {
    it('resets the connection', async () => {
      await scenario({ id: 'reset', base: 'mock-chat', resetConnection: true, failFirst: 1 });
      await expect(provider.call('/v1/chat/completions', { body: chat('reset') })).rejects.toMatchObject({ cause: { code: 'ECONNRESET' } });
      expect((await provider.call('/v1/chat/completions', { body: chat('reset') })).status).toBe(200);
      expect(await counters('reset')).toMatchObject({ calls: 2, faults: 1, aborted: 0 });
    });

    it('sends malformed JSON, plain and streamed', async () => {
      await scenario({ id: 'garbled', base: 'mock-embed', malformedJson: true });
      const response = await provider.call('/v1/embeddings', { body: { model: 'garbled', input: 'x' } });
      expect(response.status).toBe(200);
      await expect(response.json()).rejects.toMatchObject({ name: 'SyntaxError' });

      await scenario({ id: 'garbled-stream', base: 'mock-chat', malformedJson: true });
      const events = await readSse(await provider.call('/v1/chat/completions', { body: chat('garbled-stream', { stream: true }) }));
      expect(events.at(-1)?.data).toBe('[DONE]');
      expect(() => events.slice(0, -1).forEach((event) => JSON.parse(event.data))).toThrow(SyntaxError);
    });

    it('fails with any chosen status on another base model', async () => {
      await scenario({ id: 'img-502', base: 'mock-image', failStatus: 502 });
      await expect(provider.client.images.generate({ model: 'img-502', prompt: 'x' })).rejects.toMatchObject({ status: 502 });
      await expect(provider.client.images.generate({ model: 'img-502', prompt: 'x' })).rejects.toMatchObject({ status: 502 });
    });

    it('always streams when asked to', async () => {
      await scenario({ id: 'instruct-stream', base: 'mock-instruct', alwaysStream: true });
      const response = await provider.call('/v1/completions', { body: { model: 'instruct-stream', prompt: 'x' } });
      expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    });
  });
});
