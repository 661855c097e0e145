import { contains, cosineScore, exactMatch, jsonSchema, length, levenshtein, levenshteinSimilarity, regex, validJson } from './function-evaluators.util';
import { parseVerdict, renderRubric, verdictSchema } from './judge-verdict.util';

const judged = (output: string, expected: string | null = null) => ({ output, expected });

describe('function evaluators', () => {
  it('exact match compares trimmed text, case-sensitive unless told otherwise, and cannot judge without an expected output', () => {
    expect(exactMatch(judged(' Paris\n', 'Paris'), {})).toMatchObject({ score: 1, passed: true });
    expect(exactMatch(judged('paris', 'Paris'), {})).toMatchObject({ score: 0, passed: false });
    expect(exactMatch(judged('paris', 'Paris'), { caseSensitive: false })).toMatchObject({ score: 1 });
    expect(exactMatch(judged('Paris'), {})).toMatchObject({ score: null, passed: null, error: expect.stringContaining('no expected output') });
  });

  it('contains any, all or none of a list', () => {
    expect(contains(judged('The capital is Paris.'), { mode: 'any', values: ['Lyon', 'paris'] })).toMatchObject({ score: 1 });
    expect(contains(judged('The capital is Paris.'), { mode: 'any', values: ['Lyon', 'paris'], caseSensitive: true })).toMatchObject({ score: 0 });
    expect(contains(judged('Paris and Lyon'), { mode: 'all', values: ['paris', 'lyon', 'nice'] })).toMatchObject({ score: 0, reason: 'Misses "nice".' });
    expect(contains(judged('Paris'), { mode: 'none', values: ['sorry', 'cannot'] })).toMatchObject({ score: 1 });
    expect(contains(judged('Sorry, I cannot'), { mode: 'none', values: ['sorry'] })).toMatchObject({ score: 0 });
  });

  it('regex tests the answer with the flags', () => {
    expect(regex(judged('Order #1234'), { pattern: '#\\d{4}$' })).toMatchObject({ score: 1 });
    expect(regex(judged('ORDER'), { pattern: '^order$', flags: 'i' })).toMatchObject({ score: 1 });
    expect(regex(judged('x'), { pattern: '(' })).toMatchObject({ score: null, error: expect.stringContaining('not a valid regular expression') });
  });

  it('valid JSON and JSON Schema, with the first problems in the reason', () => {
    expect(validJson(judged('{"a":1}'))).toMatchObject({ score: 1 });
    expect(validJson(judged('```json\n{}\n```'))).toMatchObject({ score: 0 });
    const schema = { type: 'object', properties: { city: { type: 'string' }, population: { type: 'integer', minimum: 0 } }, required: ['city'] };
    expect(jsonSchema(judged('{"city":"Paris","population":2100000}'), { schema })).toMatchObject({ score: 1, passed: true });
    expect(jsonSchema(judged('{"population":-1}'), { schema })).toMatchObject({ score: 0, reason: expect.stringMatching(/must have required property 'city'.*must be >= 0/) });
    expect(jsonSchema(judged('not json'), { schema })).toMatchObject({ score: 0, reason: expect.stringContaining('not JSON') });
    expect(jsonSchema(judged('{}'), { schema: { type: 'nonsense' } })).toMatchObject({ score: null, error: expect.stringContaining('does not compile') });
  });

  it('normalised Levenshtein similarity, passing at the threshold', () => {
    expect(levenshteinSimilarity('kitten', 'sitting')).toBeCloseTo(1 - 3 / 7);
    expect(levenshteinSimilarity('', '')).toBe(1);
    expect(levenshtein(judged('Pariss', 'Paris'), {})).toMatchObject({ score: 0.833333, passed: true });
    expect(levenshtein(judged('Lyon', 'Paris'), { passThreshold: 0.5 })).toMatchObject({ passed: false });
    expect(levenshtein(judged('x'), {})).toMatchObject({ score: null });
  });

  it('length bounds in characters (code points)', () => {
    expect(length(judged('héllo'), { min: 5, max: 5 })).toMatchObject({ score: 1 });
    expect(length(judged('hi'), { min: 3 })).toMatchObject({ score: 0, reason: '2 characters, fewer than 3.' });
    expect(length(judged('hello'), { max: 4 })).toMatchObject({ score: 0 });
  });

  it('cosine similarity, clamped to [0, 1], refusing mismatched vectors', () => {
    expect(cosineScore([1, 0], [1, 0])).toBe(1);
    expect(cosineScore([1, 0], [0, 1])).toBe(0);
    expect(cosineScore([1, 0], [-1, 0])).toBe(0);
    expect(cosineScore([1, 1], [1, 0])).toBeCloseTo(Math.SQRT1_2);
    expect(() => cosineScore([1], [1, 2])).toThrow('different dimensions');
    expect(() => cosineScore([0, 0], [1, 2])).toThrow('zero vector');
  });
});

describe('LLM judge verdicts', () => {
  const numeric = { type: 'numeric' as const, min: 1, max: 5 };

  it('fills the rubric placeholders as written', () => {
    expect(renderRubric('Q: {{input}} A: {{ output }} E: {{expected}}', { input: '<b>', output: 'x & y', expected: null })).toBe('Q: <b> A: x & y E: ');
  });

  it('maps an integer score of the scale to [0, 1] and keeps the reason', () => {
    expect(parseVerdict('{"score": 4, "reason": "Close."}', numeric)).toEqual({ score: 0.75, passed: true, reason: 'Close.', error: null });
    expect(parseVerdict('{"score":1,"reason":""}', numeric)).toMatchObject({ score: 0, passed: false });
    expect(parseVerdict('{"score":"PASS","reason":"ok"}', { type: 'pass_fail' })).toMatchObject({ score: 1, passed: true });
  });

  it('treats anything else as an evaluator error, never as a zero', () => {
    for (const answer of ['4', 'The score is 4', '{"score": 4.5}', '{"score": 6}', '{"score": "4"}', '[4]', '']) {
      expect([answer, parseVerdict(answer, numeric)]).toEqual([answer, { score: null, passed: null, reason: '', error: expect.any(String) }]);
    }
    expect(parseVerdict('{"score":"maybe"}', { type: 'pass_fail' }).error).toContain('"PASS" or "FAIL"');
  });

  it('asks for the verdict with a JSON Schema of the scale', () => {
    expect(verdictSchema(numeric)).toMatchObject({ properties: { score: { type: 'integer', minimum: 1, maximum: 5 } }, required: ['score', 'reason'] });
  });
});
