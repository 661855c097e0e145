import { upstreamAnswer } from '../../test/inference.double';
import { ByteBudget, ByteBudgetExceeded } from './byte-budget';
import { headerValue, readBody, ResponseTooLarge } from './upstream-body.util';

describe('readBody', () => {
  it('reads a body with a declared length in one piece, and one without chunk by chunk', async () => {
    expect((await readBody(upstreamAnswer(200, 'hello', { 'content-length': '5' }), 100, false)).toString()).toBe('hello');
    expect((await readBody(upstreamAnswer(200, ['hel', 'lo']), 100, false)).toString()).toBe('hello');
  });

  it('cuts an error body at the limit, and refuses an answer over it', async () => {
    expect((await readBody(upstreamAnswer(500, ['abc', 'def']), 4, true)).toString()).toBe('abcd');
    await expect(readBody(upstreamAnswer(200, ['abc', 'def']), 4, false)).rejects.toBeInstanceOf(ResponseTooLarge);
  });

  it('takes the bytes from the budget while reading and gives back what a failed read took', async () => {
    const budget = new ByteBudget(10);
    const read = await readBody(upstreamAnswer(200, 'hello', { 'content-length': '5' }), 100, false, budget);
    expect(budget.inUse).toBe(read.length);
    await expect(readBody(upstreamAnswer(200, 'toolong', { 'content-length': '7' }), 100, false, budget)).rejects.toBeInstanceOf(ByteBudgetExceeded);
    await expect(readBody(upstreamAnswer(200, ['abc', 'defgh']), 100, false, budget)).rejects.toBeInstanceOf(ByteBudgetExceeded);
    expect(budget.inUse).toBe(5);
  });
});

describe('headerValue', () => {
  it('takes the first of repeated headers and an empty string for a missing one', () => {
    expect(headerValue(['a', 'b'])).toBe('a');
    expect(headerValue(undefined)).toBe('');
    expect(headerValue('x')).toBe('x');
  });
});
