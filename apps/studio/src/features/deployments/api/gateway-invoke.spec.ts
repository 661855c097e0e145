import { type InvokeResult, applyChunk, errorMessage, feedSse, invokeBody, invokeUrl } from './gateway-invoke';

describe('invokeBody', () => {
  it('asks for a stream with usage, and a mock response only when given', () => {
    expect(invokeBody({ key: 'k', inputs: { q: 'hi' }, context: { country: 'fr' }, identity: { id: 'u1' } })).toEqual({
      key: 'k',
      inputs: { q: 'hi' },
      context: { country: 'fr' },
      identity: { id: 'u1' },
      stream: true,
      invoke_options: { include_usage: true },
    });
    expect(invokeBody({ key: 'k', inputs: {}, context: {}, mockResponse: 'canned' }).invoke_options).toEqual({ include_usage: true, mock_response: 'canned' });
  });
});

describe('errorMessage', () => {
  it("gives the gateway's own words with the status, whatever the error shape", () => {
    expect(errorMessage(400, JSON.stringify({ error: { message: 'Missing input "question".', type: 'invalid_request_error' } }))).toBe('The gateway answered 400: Missing input "question".');
    expect(errorMessage(404, JSON.stringify({ message: 'Not Found', statusCode: 404 }))).toBe('The gateway answered 404: Not Found');
    expect(errorMessage(502, '<html>bad gateway</html>')).toBe('The gateway answered 502.');
  });
});

describe('invokeUrl', () => {
  it('puts the Deployments API beside the OpenAI base URL', () => {
    expect(invokeUrl('http://127.0.0.1:3002/v1')).toBe('http://127.0.0.1:3002/v2/deployments/invoke');
    expect(invokeUrl('https://gw.example.com/ai/v1/')).toBe('https://gw.example.com/ai/v2/deployments/invoke');
  });
});

describe('feedSse', () => {
  it('passes complete events on and keeps a partial one for the next chunk', () => {
    const seen: string[] = [];
    let rest = feedSse('', 'data: {"a":1}\n\ndata: {"b"', (d) => seen.push(d));
    expect(seen).toEqual(['{"a":1}']);
    rest = feedSse(rest, ':2}\r\n\r\ndata: [DONE]\n\n', (d) => seen.push(d));
    expect(seen).toEqual(['{"a":1}', '{"b":2}', '[DONE]']);
    expect(rest).toBe('');
  });

  it('joins multi-line data and skips comments and other fields', () => {
    const seen: string[] = [];
    feedSse('', ': keep-alive\n\nevent: x\ndata: line1\ndata: line2\n\n', (d) => seen.push(d));
    expect(seen).toEqual(['line1\nline2']);
  });
});

describe('applyChunk', () => {
  const empty: InvokeResult = { text: '', model: null, provider: null, finishReason: null, usage: null, version: '3', variant: 'a', firstChunkMs: null, totalMs: 0 };

  it('appends the content of each chunk and keeps the final whole message without doubling it', () => {
    let r = applyChunk(empty, { model: 'm', provider: 'openailike', choices: [{ index: 0, message: { role: 'assistant', content: 'Hel' } }] });
    r = applyChunk(r, { choices: [{ index: 0, message: { content: 'lo' } }] });
    expect(r.text).toBe('Hello');
    r = applyChunk(r, { is_final: true, usage: { prompt_tokens: 5, completion_tokens: 2 }, choices: [{ index: 0, finish_reason: 'stop', message: { content: 'Hello' } }] });
    expect(r).toMatchObject({ text: 'Hello', model: 'm', provider: 'openailike', finishReason: 'stop', usage: { promptTokens: 5, completionTokens: 2 } });
  });

  it('keeps the text when the final event carries no content', () => {
    const r = applyChunk({ ...empty, text: 'Hi' }, { is_final: true, choices: [{ index: 0, finish_reason: 'stop', message: { content: '' } }] });
    expect(r.text).toBe('Hi');
  });
});
