import { expectedGatewayShape, GatewayShapeCheck } from './openai-shape-check';

const GATEWAY = 'http://127.0.0.1:4010';
const meta = { id: 'chatcmpl-1', object: 'chat.completion.chunk', created: 1_764_000_000, model: 'acme/chat' };
const chunk = (extra: Record<string, unknown> = {}) => `data: ${JSON.stringify({ ...meta, choices: [{ index: 0, delta: { content: 'Hi' }, finish_reason: null }], ...extra })}\n\n`;
const usage = { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 };

/** A gateway double answering every call with the given body (unit tier: no server). */
function answering(body: string, status = 200, contentType = 'application/json'): { check: GatewayShapeCheck; calls: string[] } {
  const calls: string[] = [];
  const base = (async (input: string | URL | Request) => {
    calls.push(String(input));
    const bytes = new TextEncoder().encode(body);
    // Split the stream in two network chunks, across an event, as a real socket may.
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(bytes.subarray(0, Math.floor(bytes.length / 2)));
        controller.enqueue(bytes.subarray(Math.floor(bytes.length / 2)));
        controller.close();
      },
    });
    return new Response(stream, { status, headers: { 'content-type': contentType } });
  }) as typeof fetch;
  return { check: new GatewayShapeCheck(GATEWAY, base), calls };
}

const post = (check: GatewayShapeCheck, path: string, body: Record<string, unknown>) => check.fetch(`${GATEWAY}${path}`, { method: 'POST', body: JSON.stringify(body) });

describe('GatewayShapeCheck', () => {
  it('fails a stream whose chunk has usage: null when the request did not ask for usage', async () => {
    const { check } = answering(chunk({ usage: null }) + 'data: [DONE]\n\n', 200, 'text/event-stream; charset=utf-8');
    const response = await post(check, '/v1/chat/completions', { stream: true });
    await expect(response.text()).rejects.toThrow(/does not match OpenAI's shape/);
    expect(check.take()).toEqual(['POST /v1/chat/completions 200 event 0 (chatCompletionChunk): $.usage should be object, got null']);
  });

  it('passes the same stream through unchanged when the request asked for usage', async () => {
    const body = chunk({ usage: null }) + chunk({ choices: [], usage }) + 'data: [DONE]\n\n';
    const { check } = answering(body, 200, 'text/event-stream');
    const response = await post(check, '/v1/chat/completions', { stream: true, stream_options: { include_usage: true } });
    expect(await response.text()).toBe(body);
    expect(check.take()).toEqual([]);
  });

  it('fails a stream that ends without [DONE], and accepts one ended by an error event', async () => {
    const cut = answering(chunk(), 200, 'text/event-stream');
    await expect((await post(cut.check, '/v1/chat/completions', { stream: true })).text()).rejects.toThrow();
    expect(cut.check.take()).toEqual(['POST /v1/chat/completions 200: the stream ended without data: [DONE]']);
    const broken = answering(`${chunk()}data: {"error":{"message":"The provider stopped.","type":"api_error","param":null,"code":"provider_error"}}\n\n`, 200, 'text/event-stream');
    await (await post(broken.check, '/v1/chat/completions', { stream: true })).text();
    expect(broken.check.take()).toEqual([]);
  });

  it('rejects a JSON answer that does not match, naming the call, and returns a readable copy of one that does', async () => {
    const bad = answering(JSON.stringify({ error: { message: 'No.', type: 'invalid_request_error', code: null } }), 404);
    await expect(post(bad.check, '/v1/chat/completions', {})).rejects.toThrow(/\$\.error\.param is required/);
    expect(bad.check.take()).toEqual(['POST /v1/chat/completions 404 (error): $.error.param is required']);
    const list = JSON.stringify({ object: 'list', data: [{ id: 'acme/chat', object: 'model', created: 0, owned_by: 'acme' }] });
    const good = answering(list);
    const response = await good.check.fetch(`${GATEWAY}/v1/models`);
    expect(await response.json()).toEqual(JSON.parse(list));
    expect(good.check.take()).toEqual([]);
  });

  it('leaves other URLs alone', async () => {
    const { check, calls } = answering('not json', 200);
    expect(await (await check.fetch('http://127.0.0.1:4011/v1/models')).text()).toBe('not json');
    expect(calls).toEqual(['http://127.0.0.1:4011/v1/models']);
    expect(check.take()).toEqual([]);
  });

  it('picks the shape by endpoint, request, status and content type', () => {
    const at = (method: string, path: string, requestBody: unknown = {}, status = 200, contentType = 'application/json') => expectedGatewayShape({ method, path, requestBody, status, contentType });
    expect(at('POST', '/v1/embeddings', { encoding_format: 'base64' })).toEqual({ kind: 'json', shape: 'embeddingsBase64' });
    expect(at('POST', '/v1/embeddings', {})).toEqual({ kind: 'json', shape: 'embeddings' });
    expect(at('POST', '/v1/completions', { stream: true }, 200, 'text/event-stream')).toEqual({ kind: 'sse', chunk: 'completionChunk' });
    expect(at('POST', '/v1/completions', { stream: true, stream_options: { include_usage: true } }, 200, 'text/event-stream')).toEqual({ kind: 'sse', chunk: 'completionChunkWithUsage' });
    expect(at('POST', '/v1/images/generations')).toEqual({ kind: 'json', shape: 'images' });
    expect(at('GET', '/v1/models/acme%2Fchat')).toEqual({ kind: 'json', shape: 'model' });
    expect(at('POST', '/v2/deployments/invoke', {}, 429)).toEqual({ kind: 'json', shape: 'error' });
    expect(at('POST', '/v2/deployments/invoke')).toBeUndefined();
  });
});
