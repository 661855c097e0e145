import { answerDiff } from './answer-diff';

describe('answerDiff', () => {
  it('marks the words the answer lacks and adds', () => {
    const { parts, identical } = answerDiff('The capital is Paris.', 'The capital is Lyon.');
    expect(identical).toBe(false);
    expect(parts.filter((p) => p.kind === 'missing').map((p) => p.text.trim())).toEqual(['Paris']);
    expect(parts.filter((p) => p.kind === 'extra').map((p) => p.text.trim())).toEqual(['Lyon']);
    expect(parts.filter((p) => p.kind !== 'extra').map((p) => p.text).join('')).toBe('The capital is Paris.');
    expect(parts.filter((p) => p.kind !== 'missing').map((p) => p.text).join('')).toBe('The capital is Lyon.');
  });

  it('says when the answer is the expected output', () => {
    expect(answerDiff('42', '42').identical).toBe(true);
  });
});
