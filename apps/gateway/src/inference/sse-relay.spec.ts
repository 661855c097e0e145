import { groqAdapter, openAiCompatibleAdapter } from '@model-garden/providers';
import { hasNullUsage, hasUsageObject, lastEventEnd, SseLimitExceeded, SseRelay, withoutNullUsage } from './sse-relay';

const readUsage = (json: Record<string, unknown>) => openAiCompatibleAdapter.readUsage(json);

const event = (data: unknown): string => `data: ${typeof data === 'string' ? data : JSON.stringify(data)}\n\n`;
const content = (text: string): string => event({ choices: [{ index: 0, delta: { content: text } }], usage: null });
const usageChunk = event({ choices: [], usage: { prompt_tokens: 7, completion_tokens: 3, total_tokens: 10 } });

function run(relay: SseRelay, pieces: string[]): string {
  let out = '';
  for (const piece of pieces) out += relay.push(Buffer.from(piece))?.toString() ?? '';
  return out + (relay.finish()?.toString() ?? '');
}

describe('SseRelay', () => {
  it('forwards complete events as received, byte for byte', () => {
    const relay = new SseRelay({ dropUsageChunk: false, stripNullUsage: false, countOutput: false, readUsage });
    const chunk = Buffer.from(content('a'));
    expect(relay.push(chunk)).toBe(chunk);
  });

  it('holds only the unfinished tail of an event split across chunks', () => {
    const relay = new SseRelay({ dropUsageChunk: false, stripNullUsage: false, countOutput: false, readUsage });
    const whole = content('hello') + content('world');
    const cut = whole.length - 10;
    expect(relay.push(Buffer.from(whole.slice(0, cut)))?.toString()).toBe(content('hello'));
    expect(relay.push(Buffer.from(whole.slice(cut)))?.toString()).toBe(content('world'));
  });

  it('drops the usage-only chunk the client did not ask for, and keeps its usage', () => {
    const relay = new SseRelay({ dropUsageChunk: true, stripNullUsage: false, countOutput: false, readUsage });
    const out = run(relay, [content('a'), usageChunk + event('[DONE]')]);
    expect(out).toBe(content('a') + event('[DONE]'));
    expect(relay.usage).toEqual({ promptTokens: 7, completionTokens: 3, totalTokens: 10 });
  });

  it('forwards chunks without the usage key when the client did not ask for usage, drops the usage-only chunk and keeps its usage', () => {
    const relay = new SseRelay({ dropUsageChunk: true, stripNullUsage: true, countOutput: false, readUsage });
    const chunk = (text: string): string => `data: {"id":"c1","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"content":"${text}"}}],"usage":null}\n\n`;
    const completion = 'data: {"id":"k1","object":"text_completion","usage": null, "choices":[{"text":"usage","index":0,"logprobs":null,"finish_reason":null}]}\n\n';
    const out = run(relay, [chunk('a'), chunk('b').slice(0, 30), chunk('b').slice(30) + completion, usageChunk + event('[DONE]')]);
    expect(out).toBe(
      'data: {"id":"c1","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"content":"a"}}]}\n\n' +
        'data: {"id":"c1","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"content":"b"}}]}\n\n' +
        'data: {"id":"k1","object":"text_completion", "choices":[{"text":"usage","index":0,"logprobs":null,"finish_reason":null}]}\n\n' +
        event('[DONE]'),
    );
    expect(out).not.toMatch(/"usage"\s*:/);
    expect(relay.usage).toEqual({ promptTokens: 7, completionTokens: 3, totalTokens: 10 });
    expect(relay.events).toBe(5);
  });

  it('keeps usage: null on every chunk when the client asked for usage (OpenAI sends null until the last chunk)', () => {
    const relay = new SseRelay({ dropUsageChunk: false, stripNullUsage: false, countOutput: false, readUsage });
    const chunk = Buffer.from(content('a'));
    expect(relay.push(chunk)).toBe(chunk);
    expect(run(relay, [usageChunk])).toBe(usageChunk);
  });

  it('removes only the top-level usage: null member, wherever it sits, and nothing in strings or nested objects', () => {
    const strip = (text: string): string => withoutNullUsage(Buffer.from(text)).toString();
    expect(strip('data: {"usage":null,"a":1}\n\n')).toBe('data: {"a":1}\n\n');
    expect(strip('data: {"a":1, "usage" : null }\r\n\r\n')).toBe('data: {"a":1 }\r\n\r\n');
    expect(strip('data: {"usage":null}')).toBe('data: {}');
    expect(strip('id: 3\ndata: {"a":[1,{"b":2}],"usage":null,"c":"}é"}\n\ndata: {"usage":null,"d":2}\n\n')).toBe('id: 3\ndata: {"a":[1,{"b":2}],"c":"}é"}\n\ndata: {"d":2}\n\n');
    const untouched = [
      'data: {"x_groq":{"usage":null},"a":1}',
      'data: {"choices":[{"delta":{"content":"\\"usage\\":null"}}]}',
      'data: {"id":"usage","usage":{"prompt_tokens":1}}',
      ': "usage":null comment\ndata: {"a":1}',
      'data: {"a":{"b":1\n\ndata: {"x":{"usage":null}}',
    ];
    for (const block of untouched) expect(strip(block)).toBe(block);
    expect(hasNullUsage(Buffer.from('{"usage" :\tnull}'))).toBe(true);
    expect(hasNullUsage(Buffer.from('{"usage":{"n":1}}'))).toBe(false);
  });

  it('passes the usage chunk through when the client asked for it', () => {
    const relay = new SseRelay({ dropUsageChunk: false, stripNullUsage: false, countOutput: false, readUsage });
    expect(run(relay, [usageChunk])).toBe(usageChunk);
    expect(relay.usage?.totalTokens).toBe(10);
  });

  it('counts output characters when no usage will come', () => {
    const relay = new SseRelay({ dropUsageChunk: false, stripNullUsage: false, countOutput: true, readUsage });
    run(relay, [content('abc'), event({ choices: [{ delta: { tool_calls: [{ index: 0, function: { name: 'f', arguments: '{"x":1}' } }] } }] }), event('[DONE]')]);
    expect(relay.outputChars).toBe(3 + 1 + 7);
    expect(relay.events).toBe(3);
  });

  it('handles CRLF event boundaries and flushes an unterminated last event', () => {
    const relay = new SseRelay({ dropUsageChunk: false, stripNullUsage: false, countOutput: false, readUsage });
    expect(run(relay, ['data: {"a":1}\r\n\r\ndata: [DONE]'])).toBe('data: {"a":1}\r\n\r\ndata: [DONE]');
    expect(lastEventEnd(Buffer.from('x\r\n\r\ny'))).toBe(5);
  });

  it('reads usage through the model\'s adapter: Groq\'s x_groq.usage only for Groq', () => {
    const groqLast = event({ choices: [{ index: 0, delta: {}, finish_reason: 'stop' }], x_groq: { id: 'req_1', usage: { prompt_tokens: 23, completion_tokens: 19, total_tokens: 42 } } });
    const groq = new SseRelay({ dropUsageChunk: false, stripNullUsage: false, countOutput: false, readUsage: (json) => groqAdapter.readUsage(json) });
    expect(run(groq, [content('a'), groqLast])).toBe(content('a') + groqLast);
    expect(groq.usage).toEqual({ promptTokens: 23, completionTokens: 19, totalTokens: 42 });
    const generic = new SseRelay({ dropUsageChunk: false, stripNullUsage: false, countOutput: false, readUsage });
    run(generic, [content('a'), groqLast]);
    expect(generic.usage).toBeUndefined();
  });

  it('tells a usage object from usage: null', () => {
    expect(hasUsageObject(Buffer.from('{"usage":null}'))).toBe(false);
    expect(hasUsageObject(Buffer.from('{"usage" : {"prompt_tokens":1}}'))).toBe(true);
  });

  it('finds a blank line split across chunks, and forwards each event exactly once', () => {
    const relay = new SseRelay({ dropUsageChunk: false, stripNullUsage: false, countOutput: false, readUsage });
    const whole = content('a') + content('b') + content('c');
    const pieces: string[] = [];
    for (let index = 0; index < whole.length; index += 1) pieces.push(whole[index]);
    expect(run(relay, pieces)).toBe(whole);
    const crlf = 'data: {"x":1}\r\n\r\ndata: {"x":2}\r\n\r\n';
    const split = new SseRelay({ dropUsageChunk: false, stripNullUsage: false, countOutput: false, readUsage });
    expect(run(split, [crlf.slice(0, 15), crlf.slice(15, 17), crlf.slice(17)])).toBe(crlf);
    expect(split.events).toBe(2);
  });

  it('ends an event that grows past its limit, holding no more than the limit', () => {
    const relay = new SseRelay({ dropUsageChunk: false, stripNullUsage: false, countOutput: false, readUsage, maxEventBytes: 10_000 });
    relay.push(Buffer.from('data: "'));
    const block = Buffer.alloc(4_000, 'x');
    relay.push(block);
    relay.push(block);
    expect(() => relay.push(block)).toThrow(SseLimitExceeded);
  });

  it('ends a stream past its total byte limit, even one made of small complete events', () => {
    const relay = new SseRelay({ dropUsageChunk: false, stripNullUsage: false, countOutput: false, readUsage, maxStreamBytes: 1_000 });
    const chunk = Buffer.from(content('x'));
    let sent = 0;
    expect(() => {
      for (;;) {
        relay.push(chunk);
        sent += chunk.length;
      }
    }).toThrow(/more than the gateway's limit of 1000 bytes/);
    expect(sent).toBeLessThanOrEqual(1_000);
  });

  it('scans each byte once: a long event in many chunks is not rescanned (no quadratic cost)', () => {
    const relay = new SseRelay({ dropUsageChunk: false, stripNullUsage: false, countOutput: false, readUsage });
    const scanned = jest.spyOn(Buffer.prototype, 'lastIndexOf');
    const piece = Buffer.alloc(1_000, 'x');
    relay.push(Buffer.from('data: "'));
    for (let index = 0; index < 500; index += 1) relay.push(piece);
    const calls = scanned.mock.calls.length;
    const bytesSearched = scanned.mock.instances.reduce((total, buffer) => total + (buffer as unknown as Buffer).length, 0);
    scanned.mockRestore();
    expect(calls).toBeLessThan(500 * 6);
    // Each chunk is searched on its own (plus a few seam bytes), never with everything before it.
    expect(bytesSearched).toBeLessThan(500 * 1_000 * 3);
    expect(relay.push(Buffer.from('"\n\n'))?.length).toBe(7 + 500 * 1_000 + 3);
  });
});
