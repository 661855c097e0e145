import fc from 'fast-check';
import { bearer, closeHttp, http, type HttpResponse, STACK_TRACE } from './support/http';
import { applyMutation, authorization, contentType, encode, mutation, rawBody, rootField, weirdString } from './support/arbitraries';
import { readPid } from './support/infra';
import { chatModelBody, createActiveModel, createWorkspace, GATEWAY, isOpenAiError, recordFigure, ready, REGISTRY, state, type Workspace } from './support/stack-client';

afterAll(closeHttp);

const SCALE = Number(process.env['MG_RELIABILITY_RUNS'] ?? '1');
const runs = (n: number): number => Math.max(1, Math.round(n * SCALE));
let tried = 0;

interface OpenAiError {
  error: { message: string; type: string; param: string | null; code: string | null };
}

/** Never a 5xx, never a stack trace, always OpenAI's error shape; a 400 names its field (`param`) unless the body is not JSON at all. */
function expectWellHandled(response: HttpResponse, touched?: ReadonlySet<string>): void {
  tried += 1;
  const context = `${response.status} ${response.text.slice(0, 400)}`;
  // A 504 provider_timeout is the gateway enforcing the caller's own `timeout.call_timeout` (the fuzzer may set 1 ms): a well-formed answer, not a fault.
  const callerDeadline = response.status === 504 && (response.json as Partial<OpenAiError> | undefined)?.error?.code === 'provider_timeout';
  expect({ context, serverError: response.status >= 500 && !callerDeadline }).toEqual({ context, serverError: false });
  expect(response.text).not.toMatch(STACK_TRACE);
  if (response.status < 400) return;
  expect({ context, shape: isOpenAiError(response.json) }).toEqual({ context, shape: true });
  if (response.status !== 400) return;
  const { param, code } = (response.json as OpenAiError).error;
  if (code === 'invalid_json') return;
  expect({ context, named: typeof param === 'string' && param.length > 0 }).toEqual({ context, named: true });
  if (touched) expect({ context, relevant: touched.has(param!) || touched.has(rootField(param!)) }).toEqual({ context, relevant: true });
}

const CHAT_FIELDS = [
  'model',
  'messages',
  'temperature',
  'top_p',
  'max_tokens',
  'max_completion_tokens',
  'n',
  'stream',
  'stream_options',
  'tools',
  'tool_choice',
  'response_format',
  'stop',
  'seed',
  'user',
  'logit_bias',
  'presence_penalty',
  'retry',
  'fallbacks',
  'timeout',
  'retry.count',
  'retry.on_codes',
  'timeout.call_timeout',
  'stream_options.include_usage',
  'response_format.type',
];

/**
 * The OpenAI-compatible API under fast-check: mutated chat bodies (OpenAI's fields and
 * the gateway's own retry/fallbacks/timeout options), bodies for every endpoint, raw
 * bodies, content types, headers and model names. Valid inputs go to the mock
 * provider and are answered; everything else is a 4xx in OpenAI's shape.
 */
describe('gateway: property-based bad input', () => {
  let ws: Workspace;
  let ref: string;
  let pid: number | undefined;

  beforeAll(async () => {
    ws = await createWorkspace('gwfuzz');
    ref = (await createActiveModel(ws, chatModelBody({ key: 'fuzzed' }))).ref;
    const deployment = await http(`${REGISTRY}/v1/deployments`, {
      body: {
        key: 'fuzzed',
        variants: [{ key: 'a', model: 'fuzzed', messages: [{ role: 'user', content: 'Q: {{question}}' }], variables: [{ name: 'question', required: true }], parameters: { maxTokens: 16 } }],
        routing: { rules: [{ conditions: [{ field: 'plan', operator: 'in', value: ['pro', 1, true] }], variant: 'a' }], defaultVariant: 'a' },
      },
      headers: bearer(ws.key),
    });
    expect(deployment.status).toBe(201);
    pid = readPid(state, 'gateway');
  });

  afterAll(async () => {
    expect(readPid(state, 'gateway')).toBe(pid);
    expect((await ready('gateway')).status).toBe(200);
    recordFigure('bad-input.gateway.inputs', tried);
  });

  it('POST /v1/chat/completions: mutated bodies', async () => {
    const base = { model: '', messages: [{ role: 'user', content: 'fuzz' }], max_tokens: 16 };
    await fc.assert(
      fc.asyncProperty(mutation(CHAT_FIELDS, ['messages', 'max_tokens']), async (m) => {
        const { body, touched } = applyMutation({ ...base, model: ref }, m);
        const response = await http(`${GATEWAY}/v1/chat/completions`, { body, headers: bearer(ws.key), timeoutMs: 20_000 });
        expectWellHandled(response, touched);
      }),
      { numRuns: runs(900) },
    );
  });

  it('POST /v2/deployments/{invoke,stream,get_config}: mutated bodies', async () => {
    const fields = ['key', 'inputs', 'inputs.question', 'context', 'context.plan', 'messages', 'identity', 'identity.id', 'invoke_options', 'invoke_options.include_usage', 'invoke_options.mock_response', 'stream', 'metadata', 'file_ids', 'knowledge_filter', 'thread', 'documents'];
    const base = { key: 'fuzzed', inputs: { question: 'fuzz' }, context: { plan: 'pro' }, identity: { id: 'u1' } };
    const routes = ['/v2/deployments/invoke', '/v2/deployments/stream', '/v2/deployments/get_config'];
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...routes), mutation(fields, Object.keys(base)), async (route, m) => {
        const { body, touched } = applyMutation(base, m);
        const response = await http(`${GATEWAY}${route}`, { body, headers: bearer(ws.key), timeoutMs: 20_000 });
        expectWellHandled(response, touched);
      }),
      { numRuns: runs(600) },
    );
  });

  it('every endpoint: random JSON bodies and model names', async () => {
    const endpoints = ['/v1/chat/completions', '/v1/completions', '/v1/embeddings', '/v1/images/generations'];
    const model = fc.oneof(fc.constant(ref), weirdString, fc.constantFrom('openai/gpt-4o-mini', 'fuzzed', `${ref}x`, 'mock-chat'));
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...endpoints), model, fc.dictionary(fc.constantFrom('prompt', 'input', 'messages', 'n', 'size', 'stream', 'dimensions', 'encoding_format', 'echo'), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 4 }), async (path, name, fields) => {
        const response = await http(`${GATEWAY}${path}`, { body: { model: name, ...fields }, headers: bearer(ws.key), timeoutMs: 20_000 });
        // Required fields may be missing here (none was "touched"): the 400 must still name one.
        expectWellHandled(response);
      }),
      { numRuns: runs(500) },
    );
  });

  it('raw bodies, content types and headers', async () => {
    await fc.assert(
      fc.asyncProperty(rawBody, contentType, fc.oneof(authorization, fc.constant(`Bearer ${ws.key}`)), async (body, type, auth) => {
        const headers: Record<string, string> = {};
        if (type !== undefined) headers['content-type'] = type;
        if (auth !== undefined) headers['authorization'] = auth;
        expectWellHandled(await http(`${GATEWAY}/v1/chat/completions`, { body, headers, timeoutMs: 20_000 }));
      }),
      { numRuns: runs(400) },
    );
  });

  it('paths, methods and query strings', async () => {
    const path = fc.oneof(
      fc.constantFrom('/v1/models', '/v1/chat/completions', '/v1/embeddings', '/v1/', '/v1/models/', '/v1//models', '/v1/models/%2e%2e%2fhealth'),
      weirdString.filter((s) => s.length < 1_000).map((s) => `/v1/models/${encode(s)}`),
      weirdString.filter((s) => s.length < 1_000).map((s) => `/v1/${encode(s)}`),
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'), path, weirdString.filter((s) => s.length < 500), async (method, target, query) => {
        const response = await http(`${GATEWAY}${target}?${encode(query)}=${encode(query)}`, {
          method,
          headers: bearer(ws.key),
          ...(method === 'POST' || method === 'PUT' || method === 'PATCH' ? { body: {} } : {}),
        });
        expectWellHandled(response);
      }),
      { numRuns: runs(300) },
    );
  });
});
