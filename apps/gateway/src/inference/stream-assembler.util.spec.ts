import { assembleStream } from './stream-assembler.util';

const event = (data: unknown): string => `data: ${JSON.stringify(data)}\n\n`;

describe('assembleStream', () => {
  it('turns a chat stream into one chat.completion', () => {
    const text =
      event({ id: 'c1', created: 1, model: 'm', choices: [{ index: 0, delta: { role: 'assistant', content: '' } }] }) +
      event({ id: 'c1', choices: [{ index: 0, delta: { content: 'Hel' } }] }) +
      event({ id: 'c1', choices: [{ index: 0, delta: { content: 'lo' }, finish_reason: 'stop' }] }) +
      event({ id: 'c1', choices: [], usage: { prompt_tokens: 3, completion_tokens: 2, total_tokens: 5 } }) +
      'data: [DONE]\n\n';
    expect(assembleStream('chat.completions', text)).toEqual({
      id: 'c1',
      created: 1,
      model: 'm',
      usage: { prompt_tokens: 3, completion_tokens: 2, total_tokens: 5 },
      object: 'chat.completion',
      choices: [{ index: 0, message: { role: 'assistant', content: 'Hello', refusal: null }, logprobs: null, finish_reason: 'stop' }],
    });
  });

  it('merges streamed tool calls', () => {
    const text =
      event({ id: 'c', choices: [{ index: 0, delta: { tool_calls: [{ index: 0, id: 't1', type: 'function', function: { name: 'get', arguments: '{"a"' } }] } }] }) +
      event({ id: 'c', choices: [{ index: 0, delta: { tool_calls: [{ index: 0, function: { arguments: ':1}' } }] }, finish_reason: 'tool_calls' }] });
    const result = assembleStream('chat.completions', text) as { choices: Array<{ message: Record<string, unknown> }> };
    expect(result.choices[0].message).toEqual({ role: 'assistant', content: null, refusal: null, tool_calls: [{ id: 't1', type: 'function', function: { name: 'get', arguments: '{"a":1}' } }] });
  });

  it('joins a streamed refusal into message.refusal, with null content', () => {
    const text = event({ id: 'r', choices: [{ index: 0, delta: { role: 'assistant', refusal: 'I can' } }] }) + event({ id: 'r', choices: [{ index: 0, delta: { refusal: 'not help.' }, finish_reason: 'stop' }] });
    const result = assembleStream('chat.completions', text) as { choices: Array<{ message: Record<string, unknown> }> };
    expect(result.choices[0].message).toEqual({ role: 'assistant', content: null, refusal: 'I cannot help.' });
  });

  it('turns a completions stream into a text_completion, and gives up on garbage', () => {
    const text = event({ id: 'x', choices: [{ index: 0, text: 'a' }] }) + event({ id: 'x', choices: [{ index: 0, text: 'b', finish_reason: 'length' }] });
    expect(assembleStream('completions', text)).toMatchObject({ object: 'text_completion', choices: [{ text: 'ab', finish_reason: 'length' }] });
    expect(assembleStream('completions', 'not a stream')).toBeUndefined();
  });
});
