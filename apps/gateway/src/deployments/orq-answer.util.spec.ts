import { type ServingModel } from '../catalogue/serving-model';
import { mockAnswer, OrqShaper, orqProvider, telemetryFor } from './orq-answer.util';

const model = { ref: 'acme@openailike/llama', provider: 'openailike', pricing: { inputPerMillionTokens: 1, outputPerMillionTokens: 2 } } as unknown as ServingModel;
const meta = { id: 'req-1', created: '2026-12-03T10:00:00.000Z', object: 'chat' as const, telemetry: { trace_id: 'a'.repeat(32), span_id: 'b'.repeat(16) }, includeUsage: true };

describe('orq.ai answer shapes', () => {
  it('reshapes a chat completion: content and tool calls, usage only when asked', () => {
    const shaper = new OrqShaper(meta, {});
    const answer = shaper.json(
      {
        id: 'up',
        object: 'chat.completion',
        choices: [
          { index: 0, finish_reason: 'stop', message: { role: 'assistant', content: 'Hi' } },
          { index: 1, finish_reason: 'tool_calls', message: { role: 'assistant', content: null, tool_calls: [{ id: 'c1', type: 'function', function: { name: 'f', arguments: '{}' } }] } },
        ],
        usage: { prompt_tokens: 3, completion_tokens: 2, total_tokens: 5 },
      },
      model,
    );
    expect(answer).toMatchObject({
      id: 'req-1',
      created: meta.created,
      object: 'chat',
      model: model.ref,
      provider: 'openailike',
      is_final: true,
      telemetry: meta.telemetry,
      usage: { prompt_tokens: 3, completion_tokens: 2, total_tokens: 5, cost_usd: 7e-6 },
      choices: [
        { index: 0, finish_reason: 'stop', message: { type: 'content', role: 'assistant', content: 'Hi' } },
        { index: 1, finish_reason: 'tool_calls', message: { type: 'tool_calls', role: 'assistant', content: null, tool_calls: [{ id: 'c1', index: 0, type: 'function', function: { name: 'f', arguments: '{}' } }] } },
      ],
    });
    expect(new OrqShaper({ ...meta, includeUsage: false }, {}).json({ choices: [], usage: { prompt_tokens: 1 } }, model)).not.toHaveProperty('usage');
  });

  it('turns a completion text into a content message', () => {
    const answer = new OrqShaper({ ...meta, object: 'completion' }, {}).json({ choices: [{ index: 0, text: 'done', finish_reason: 'length' }] }, model) as { object: string; choices: unknown[] };
    expect(answer.object).toBe('completion');
    expect(answer.choices).toEqual([{ index: 0, finish_reason: 'length', message: { type: 'content', role: 'assistant', content: 'done' } }]);
  });

  it('streams events with is_final false, drops [DONE] and ends with a final event and [DONE]', () => {
    const shaper = new OrqShaper(meta, {});
    const upstream = Buffer.from(
      'data: {"choices":[{"index":0,"delta":{"role":"assistant","content":"He"}}]}\n\n' +
        'data: {"choices":[{"index":0,"delta":{"content":"y"},"finish_reason":"stop"}]}\n\n' +
        'data: {"choices":[],"usage":{"prompt_tokens":1,"completion_tokens":2,"total_tokens":3}}\n\n' +
        'data: [DONE]\n\n',
    );
    const out = shaper.events(upstream, model)!;
    const events = out.split('\n\n').filter(Boolean).map((block) => JSON.parse(block.slice(6)) as { is_final: boolean; choices: Array<{ message: { content: string } }> });
    expect(events.map((e) => [e.is_final, e.choices[0]!.message.content])).toEqual([
      [false, 'He'],
      [false, 'y'],
    ]);
    const tail = shaper.finish(model, { promptTokens: 1, completionTokens: 2, totalTokens: 3 });
    expect(tail.endsWith('data: [DONE]\n\n')).toBe(true);
    const final = JSON.parse(tail.split('\n\n')[0]!.slice(6)) as { is_final: boolean; usage: unknown; choices: Array<{ finish_reason: string }> };
    expect(final).toMatchObject({ is_final: true, usage: { prompt_tokens: 1, completion_tokens: 2, total_tokens: 3, cost_usd: 5e-6 }, choices: [{ finish_reason: 'stop' }] });
  });

  it('gives tool-call deltas a name and arguments (the SDK requires both)', () => {
    const out = new OrqShaper(meta, {}).events(Buffer.from('data: {"choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"{\\"q\\""}}]}}]}\n\n'), model)!;
    expect(JSON.parse(out.slice(6))).toMatchObject({ choices: [{ message: { type: 'tool_calls', tool_calls: [{ index: 0, type: 'function', function: { name: '', arguments: '{"q"' } }] } }] });
  });

  it('maps providers onto orq.ai’s names and keeps the caller’s trace id', () => {
    expect([orqProvider('openailike'), orqProvider('together'), orqProvider('groq'), orqProvider('somewhere')]).toEqual(['openailike', 'togetherai', 'groq', 'openailike']);
    const trace = '0af7651916cd43dd8448eb211c80319c';
    expect(telemetryFor(`00-${trace}-b7ad6b7169203331-01`).trace_id).toBe(trace);
    expect(telemetryFor(undefined).trace_id).toMatch(/^[0-9a-f]{32}$/);
    expect(telemetryFor('garbage').span_id).toMatch(/^[0-9a-f]{16}$/);
  });

  it('answers a mock response as the model would, with null usage', () => {
    expect(mockAnswer(meta, model, 'Canned')).toMatchObject({ is_final: true, usage: null, choices: [{ finish_reason: 'stop', message: { type: 'content', role: 'assistant', content: 'Canned' } }] });
  });
});
