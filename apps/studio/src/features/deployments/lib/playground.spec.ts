import { callCost, parseJsonObject } from './playground';

describe('callCost', () => {
  it('prices input and output tokens per million', () => {
    expect(callCost({ inputPerMillionTokens: 2, outputPerMillionTokens: 10 }, { promptTokens: 1000, completionTokens: 500 })).toBeCloseTo(0.007, 10);
  });

  it('is unknown without prices or usage', () => {
    expect(callCost(null, { promptTokens: 1, completionTokens: 1 })).toBeNull();
    expect(callCost({}, { promptTokens: 1, completionTokens: 1 })).toBeNull();
    expect(callCost({ inputPerMillionTokens: 1 }, null)).toBeNull();
  });
});

describe('parseJsonObject', () => {
  it('reads an object and treats empty text as {}', () => {
    expect(parseJsonObject('{"country":"fr"}', 'Context')).toEqual({ ok: true, value: { country: 'fr' } });
    expect(parseJsonObject('  ', 'Context')).toEqual({ ok: true, value: {} });
  });

  it('says what is wrong with the text', () => {
    expect(parseJsonObject('{oops', 'Context')).toMatchObject({ ok: false, error: expect.stringMatching(/^Context is not valid JSON/) });
    expect(parseJsonObject('[1]', 'Context')).toEqual({ ok: false, error: 'Context must be a JSON object, like {"country": "fr"}.' });
  });
});
