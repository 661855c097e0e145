import { assembleStream } from '../inference/stream-assembler.util';
import { replayAsSse } from './sse-replay.util';

const chat = {
  id: 'chatcmpl-1',
  object: 'chat.completion',
  created: 1,
  model: 'm',
  choices: [{ index: 0, message: { role: 'assistant', content: 'Hello there', refusal: null }, logprobs: null, finish_reason: 'stop' }],
  usage: { prompt_tokens: 3, completion_tokens: 2, total_tokens: 5 },
};

function events(sse: string): unknown[] {
  return sse
    .split('\n\n')
    .filter((block) => block.startsWith('data: ') && block !== 'data: [DONE]')
    .map((block) => JSON.parse(block.slice(6)));
}

describe('replaying a cached answer as SSE', () => {
  it('sends chat.completion.chunk events (role, content, finish) and [DONE], usage only when asked', () => {
    const sse = replayAsSse('chat.completions', chat, false);
    expect(sse.endsWith('data: [DONE]\n\n')).toBe(true);
    const chunks = events(sse) as Array<{ object: string; choices: Array<{ delta: Record<string, unknown>; finish_reason: string | null }> }>;
    expect(chunks.every((c) => c.object === 'chat.completion.chunk')).toBe(true);
    expect(chunks.map((c) => c.choices[0]!.delta)).toEqual([{ role: 'assistant', content: '' }, { content: 'Hello there' }, {}]);
    expect(chunks.at(-1)!.choices[0]!.finish_reason).toBe('stop');
    const withUsage = events(replayAsSse('chat.completions', chat, true)) as Array<{ choices: unknown[]; usage?: unknown }>;
    expect(withUsage.at(-1)).toMatchObject({ choices: [], usage: chat.usage });
  });

  it('assembles back into the same answer (the gateway reads its own replay like an upstream stream)', () => {
    expect(assembleStream('chat.completions', replayAsSse('chat.completions', chat, true))).toEqual({ ...chat });
    const refused = { ...chat, choices: [{ index: 0, message: { role: 'assistant', content: null, refusal: 'I cannot help with that.' }, logprobs: null, finish_reason: 'stop' }] };
    expect(assembleStream('chat.completions', replayAsSse('chat.completions', refused, true))).toEqual(refused);
  });

  it('replays tool calls and completions in their own shapes', () => {
    const tools = { ...chat, choices: [{ index: 0, message: { role: 'assistant', content: null, tool_calls: [{ id: 't1', type: 'function', function: { name: 'f', arguments: '{}' } }] }, finish_reason: 'tool_calls' }] };
    expect(assembleStream('chat.completions', replayAsSse('chat.completions', tools, false))).toMatchObject({ choices: [{ message: tools.choices[0]!.message, finish_reason: 'tool_calls' }] });
    const completion = { id: 'c1', object: 'text_completion', created: 1, model: 'm', choices: [{ index: 0, text: 'abc', logprobs: null, finish_reason: 'length' }] };
    expect(assembleStream('completions', replayAsSse('completions', completion, false))).toEqual(completion);
  });
});
