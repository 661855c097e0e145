import { SseParser } from './sse';

describe('SseParser', () => {
  it('assembles events split across chunks, whatever the line endings', () => {
    const parser = new SseParser();
    expect(parser.push('data: {"a":')).toEqual([]);
    expect(parser.push('1}\r\n\r\n: keep-alive\n\ndata: [DONE]\n')).toEqual(['{"a":1}']);
    expect(parser.push('\n')).toEqual(['[DONE]']);
  });

  it('joins multi-line data, ignores other fields, and flushes an unterminated last event', () => {
    const parser = new SseParser();
    expect(parser.push('event: message\nid: 3\ndata: one\ndata:two\n\n')).toEqual(['one\ntwo']);
    expect(parser.push(Buffer.from('data: tail'))).toEqual([]);
    expect(parser.end()).toEqual(['tail']);
  });

  it('decodes UTF-8 split inside a character', () => {
    const bytes = Buffer.from('data: é\n\n');
    const parser = new SseParser();
    expect(parser.push(bytes.subarray(0, 7))).toEqual([]);
    expect(parser.push(bytes.subarray(7))).toEqual(['é']);
  });
});
