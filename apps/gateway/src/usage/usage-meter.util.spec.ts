import { answerConsumption, costUsd, estimateInputTokens, saneTokenCount, settleTokens, tokensForChars } from './usage-meter.util';

describe('usage meter', () => {
  it('estimates four characters per token', () => {
    expect(tokensForChars(0)).toBe(0);
    expect(tokensForChars(1)).toBe(1);
    expect(tokensForChars(8)).toBe(2);
  });

  it('estimates chat input from messages, parts and tools', () => {
    const tokens = estimateInputTokens('chat.completions', {
      messages: [
        { role: 'system', content: 'abcd' },
        { role: 'user', content: [{ type: 'text', text: 'abcdefgh' }, { type: 'image_url', image_url: { url: 'data:' } }] },
      ],
    });
    expect(tokens).toBe(3 + (4 + 1) + (4 + 2 + 85));
  });

  it('estimates prompts and embedding inputs in every accepted form', () => {
    expect(estimateInputTokens('completions', { prompt: 'abcdefgh' })).toBe(2);
    expect(estimateInputTokens('embeddings', { input: ['abcd', 'abcd'] })).toBe(2);
    expect(estimateInputTokens('embeddings', { input: [1, 2, 3] })).toBe(3);
    expect(estimateInputTokens('embeddings', { input: [[1, 2], [3]] })).toBe(3);
    expect(estimateInputTokens('images.generations', { prompt: 'abcd' })).toBe(1);
  });

  it('prices tokens per million and images each', () => {
    expect(costUsd({ inputPerMillionTokens: 2, outputPerMillionTokens: 8 }, 1_000, 500, 0)).toBeCloseTo(0.006, 10);
    expect(costUsd({ perImage: 0.04 }, 0, 0, 3)).toBeCloseTo(0.12, 10);
    expect(costUsd({}, 1_000, 1_000, 1)).toBe(0);
  });
});

describe('saneTokenCount: usage figures from an upstream', () => {
  it.each([
    [undefined, true],
    [0, true],
    [1_234, true],
    [10_000_000, true],
    [10_000_001, false],
    [3_000_000_000, false],
    [-1, false],
    [1.5, false],
    [Number.NaN, false],
    [Number.POSITIVE_INFINITY, false],
  ])('%p tokens may be recorded as reported: %p', (value, sane) => {
    expect(saneTokenCount(value, 10_000_000)).toBe(sane);
  });
});

describe('answerConsumption', () => {
  it("takes the upstream's usage, counts images, and estimates from the output otherwise", () => {
    expect(answerConsumption('chat.completions', { promptTokens: 3, completionTokens: 4, totalTokens: 7 }, {})).toEqual({ images: 0, estimated: false, inputTokens: 3, outputTokens: 4 });
    expect(answerConsumption('images.generations', undefined, { data: [{}, {}] })).toEqual({ images: 2, estimated: false, inputTokens: 0, outputTokens: 0 });
    expect(answerConsumption('chat.completions', undefined, { choices: [{ message: { content: 'abcdefgh' } }] })).toEqual({ images: 0, estimated: true, outputChars: 8 });
  });
});

describe('settleTokens', () => {
  const body = { messages: [{ role: 'user', content: 'abcd' }] };
  it('passes reported counts on, and estimates missing ones once the answer was served', () => {
    expect(settleTokens('chat.completions', { images: 0, estimated: false, inputTokens: 3, outputTokens: 4 }, true, body, 100)).toEqual({ inputTokens: 3, outputTokens: 4, estimated: false, implausible: false });
    expect(settleTokens('chat.completions', { images: 0, estimated: true, streamEvents: 10 }, true, body, 100)).toEqual({ inputTokens: 8, outputTokens: 7, estimated: true, implausible: false });
    expect(settleTokens('chat.completions', { images: 0, estimated: true, outputChars: 9 }, false, body, 100)).toEqual({ inputTokens: 0, outputTokens: 0, estimated: false, implausible: false });
  });

  it('replaces an implausible count by the estimate, keeping the plausible one', () => {
    expect(settleTokens('chat.completions', { images: 0, estimated: false, inputTokens: 3, outputTokens: 101, outputChars: 8 }, true, body, 100)).toEqual({ inputTokens: 3, outputTokens: 2, estimated: true, implausible: true });
    expect(settleTokens('chat.completions', { images: 0, estimated: false, inputTokens: 1.5, outputTokens: 2 }, true, body, 100)).toMatchObject({ inputTokens: 8, outputTokens: 2, implausible: true });
  });
});
