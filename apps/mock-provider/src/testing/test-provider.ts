import OpenAI from 'openai';
import type { OpenAIErrorBody } from '../http/mock-provider.exception';
import { createMockProvider, type MockProvider, type MockProviderOptions } from '../server';

export const TEST_API_KEY = 'test-key-123';

export interface TestProvider extends MockProvider {
  /** The official SDK pointed at the provider, without retries so every call is one request. */
  client: OpenAI;
  /** `fetch` to a path of the provider with the Bearer key and a JSON body. */
  call(path: string, init?: { method?: string; body?: unknown; headers?: Record<string, string>; signal?: AbortSignal }): Promise<Response>;
}

/** An in-process provider on a free port, for one spec file. */
export async function startTestProvider(options: Partial<MockProviderOptions> = {}): Promise<TestProvider> {
  const provider = await createMockProvider({ apiKey: TEST_API_KEY, port: 0, shutdownGraceMs: 200, ...options });
  const client = new OpenAI({ apiKey: TEST_API_KEY, baseURL: `${provider.url}/v1`, maxRetries: 0 });
  const call: TestProvider['call'] = (path, init = {}) =>
    fetch(`${provider.url}${path}`, {
      method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
      headers: { authorization: `Bearer ${TEST_API_KEY}`, 'content-type': 'application/json', ...init.headers },
      body: init.body === undefined ? undefined : typeof init.body === 'string' ? init.body : JSON.stringify(init.body),
      signal: init.signal,
    });
  return { ...provider, client, call };
}

export interface SseEvent {
  data: string;
  /** Milliseconds since the response headers arrived. */
  at: number;
}

/** Reads a `text/event-stream` body as it arrives, timing each event. */
export async function readSse(response: Response): Promise<SseEvent[]> {
  const started = performance.now();
  const events: SseEvent[] = [];
  const reader = response.body?.getReader();
  if (reader === undefined) throw new Error('no body');
  const decoder = new TextDecoder();
  let buffer = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    buffer += decoder.decode(value, { stream: true });
    let end: number;
    while ((end = buffer.indexOf('\n\n')) !== -1) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const data = block
        .split('\n')
        .filter((line) => line.startsWith('data: '))
        .map((line) => line.slice(6))
        .join('\n');
      events.push({ data, at: performance.now() - started });
    }
  }
  return events;
}

/** Polls until `check` returns true (for counters updated when a socket closes). */
export async function eventually(check: () => Promise<boolean>, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** The `error` object of an OpenAI-shaped error response. */
export async function errorOf(response: Response): Promise<OpenAIErrorBody['error']> {
  return ((await response.json()) as OpenAIErrorBody).error;
}

/** A response body, typed by the test that reads it. */
export async function jsonOf<T>(response: Response): Promise<T> {
  return (await response.json()) as T;
}
