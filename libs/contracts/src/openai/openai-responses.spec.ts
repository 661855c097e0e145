import { openAiResponseProblems } from './openai-responses';

const usage = { prompt_tokens: 9, completion_tokens: 4, total_tokens: 13 };
const meta = { id: 'chatcmpl-1', created: 1_764_000_000, model: 'acme/chat' };
const answer = (message: Record<string, unknown>, finishReason = 'stop') => ({
  ...meta,
  object: 'chat.completion',
  choices: [{ index: 0, message: { role: 'assistant', content: null, refusal: null, ...message }, finish_reason: finishReason, logprobs: null }],
  usage,
  system_fingerprint: 'fp_1',
});
const chunk = (extra: Record<string, unknown> = {}) => ({
  ...meta,
  object: 'chat.completion.chunk',
  choices: [{ index: 0, delta: { content: 'Hi' }, finish_reason: null, logprobs: null }],
  ...extra,
});
const completionChunk = (extra: Record<string, unknown> = {}) => ({
  id: 'cmpl-1',
  object: 'text_completion',
  created: 1_764_000_000,
  model: 'acme/instruct',
  choices: [{ index: 0, text: 'Hi', logprobs: null, finish_reason: null }],
  ...extra,
});

describe('OpenAI response schemas', () => {
  it('accept the chat answers the reference describes: text, tool calls, json_schema content, a refusal', () => {
    expect(openAiResponseProblems('chatCompletion', answer({ content: 'Hello' }))).toEqual([]);
    const call = { id: 'call_1', type: 'function', function: { name: 'lookup', arguments: '{"q":"x"}' } };
    expect(openAiResponseProblems('chatCompletion', answer({ tool_calls: [call] }, 'tool_calls'))).toEqual([]);
    expect(openAiResponseProblems('chatCompletion', answer({ content: '{"n":3}' }))).toEqual([]);
    expect(openAiResponseProblems('chatCompletion', answer({ refusal: 'I cannot help with that.' }))).toEqual([]);
  });

  it('name what a chat answer gets wrong', () => {
    expect(openAiResponseProblems('chatCompletion', { ...answer({ content: 'x' }), object: 'chat.completion.chunk' })).toEqual(['$.object is not the required constant']);
    const noRefusal = answer({ content: 'x' });
    delete (noRefusal.choices[0].message as Record<string, unknown>)['refusal'];
    expect(openAiResponseProblems('chatCompletion', noRefusal)).toEqual(['$.choices[0].message.refusal is required']);
    expect(openAiResponseProblems('chatCompletion', answer({ content: 'x' }, 'done'))).toEqual(['$.choices[0].finish_reason is not one of the allowed values']);
    expect(openAiResponseProblems('chatCompletion', { ...answer({ content: 'x' }), usage: null })).toEqual(['$.usage should be object, got null']);
  });

  it('refuse usage: null on a chunk the client did not ask usage for, chat and completions alike', () => {
    expect(openAiResponseProblems('chatCompletionChunk', chunk())).toEqual([]);
    expect(openAiResponseProblems('chatCompletionChunk', chunk({ usage: null }))).toEqual(['$.usage should be object, got null']);
    expect(openAiResponseProblems('completionChunk', completionChunk())).toEqual([]);
    expect(openAiResponseProblems('completionChunk', completionChunk({ usage: null }))).toEqual(['$.usage should be object, got null']);
  });

  it('want usage on every chunk when the client asked for it: null until the last, usage-only chunk', () => {
    expect(openAiResponseProblems('chatCompletionChunkWithUsage', chunk({ usage: null }))).toEqual([]);
    expect(openAiResponseProblems('chatCompletionChunkWithUsage', chunk({ choices: [], usage }))).toEqual([]);
    expect(openAiResponseProblems('chatCompletionChunkWithUsage', chunk())).toEqual(['$.usage is required']);
    expect(openAiResponseProblems('completionChunkWithUsage', completionChunk({ usage: null }))).toEqual([]);
    expect(openAiResponseProblems('completionChunkWithUsage', completionChunk({ choices: [], usage: { ...usage, total_tokens: -1 } }))).toEqual(['$.usage.total_tokens must be >= 0']);
  });

  it('check streamed tool-call pieces and finish reasons', () => {
    const piece = chunk({ choices: [{ index: 0, delta: { tool_calls: [{ index: 0, id: 'call_1', type: 'function', function: { name: 'f', arguments: '' } }] }, finish_reason: null }] });
    expect(openAiResponseProblems('chatCompletionChunk', piece)).toEqual([]);
    const noIndex = chunk({ choices: [{ index: 0, delta: { tool_calls: [{ function: { arguments: '{' } }] }, finish_reason: null }] });
    expect(openAiResponseProblems('chatCompletionChunk', noIndex)).toEqual(['$.choices[0].delta.tool_calls[0].index is required']);
    expect(openAiResponseProblems('completion', completionChunk({ usage }))).toEqual(['$.choices[0].finish_reason is not one of the allowed values']);
    expect(openAiResponseProblems('completion', completionChunk({ usage, choices: [{ index: 0, text: 'Hi', logprobs: null, finish_reason: 'length' }] }))).toEqual([]);
  });

  it('check embeddings as floats and as base64, images, models and errors', () => {
    const embeddings = (embedding: unknown) => ({ object: 'list', data: [{ object: 'embedding', index: 0, embedding }], model: 'acme/embed', usage: { prompt_tokens: 2, total_tokens: 2 } });
    expect(openAiResponseProblems('embeddings', embeddings([0.1, -0.2]))).toEqual([]);
    expect(openAiResponseProblems('embeddings', embeddings('zczMPQ=='))).toEqual(['$.data[0].embedding should be array, got a string']);
    expect(openAiResponseProblems('embeddingsBase64', embeddings('zczMPQ=='))).toEqual([]);
    expect(openAiResponseProblems('embeddingsBase64', embeddings('not base64!'))).toEqual(['$.data[0].embedding must match pattern "^[A-Za-z0-9+/]*={0,2}$"']);
    expect(openAiResponseProblems('images', { created: 1, data: [{ b64_json: 'iVBORw0KGgo=', revised_prompt: 'a cat' }] })).toEqual([]);
    expect(openAiResponseProblems('images', { created: 1, data: [{ revised_prompt: 'a cat' }] })).toContain('$.data[0].b64_json is required');
    const model = { id: 'acme/chat', object: 'model', created: 0, owned_by: 'acme', status: 'active' };
    expect(openAiResponseProblems('model', model)).toEqual([]);
    expect(openAiResponseProblems('modelList', { object: 'list', data: [model, { ...model, owned_by: null }] })).toEqual(['$.data[1].owned_by should be string, got null']);
    expect(openAiResponseProblems('error', { error: { message: 'No model named x.', type: 'invalid_request_error', param: 'model', code: 'model_not_found' } })).toEqual([]);
    expect(openAiResponseProblems('error', { error: { message: 'Bad key.', type: 'authentication_error', code: null } })).toEqual(['$.error.param is required']);
  });
});
