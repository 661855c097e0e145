import { padToWords, quote, toPieces } from './text';

describe('reply text', () => {
  it('quotes the first 60 characters on one line', () => {
    expect(quote(`  a\n b  ${'x'.repeat(100)}`)).toBe(`a b ${'x'.repeat(56)}`);
  });

  it('cuts text into word pieces that join back to it', () => {
    const text = 'Mock reply to: supercalifragilisticexpialidocious, said she.';
    const pieces = toPieces(text);
    expect(pieces.join('')).toBe(text);
    expect(pieces.slice(0, 3)).toEqual(['Mock', ' reply', ' to:']);
    expect(Math.max(...pieces.map((piece) => piece.length))).toBeLessThanOrEqual(12);
  });

  it('cuts into exactly the asked number of pieces', () => {
    const padded = padToWords('Mock reply to: hi', 200);
    expect(padded.match(/\S+/g)).toHaveLength(200);
    expect(toPieces(padded, 200)).toHaveLength(200);
    expect(toPieces('a b c d e f g', 3).join('')).toBe('a b c d e f g');
    expect(toPieces('{"a":1}', 5)).toHaveLength(5);
    expect(toPieces('{"a":1}', 5).join('')).toBe('{"a":1}');
  });
});
