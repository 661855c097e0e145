/** Deterministic reply text and how it is cut into stream chunks. */

const FILLER = 'lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor incididunt ut labore et dolore magna aliqua'.split(' ');
const QUOTE_CHARS = 60;
const MAX_PIECE_CHARS = 12;

/** The first 60 characters of a text, on one line. */
export function quote(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > QUOTE_CHARS ? line.slice(0, QUOTE_CHARS) : line;
}

/** Appends filler words until the text has at least `words` words (so a stream can have that many chunks). */
export function padToWords(text: string, words: number): string {
  const have = text.match(/\S+/g)?.length ?? 0;
  if (have >= words) return text;
  const extra: string[] = [];
  for (let i = 0; i < words - have; i++) extra.push(FILLER[i % FILLER.length]);
  return text.length > 0 ? `${text} ${extra.join(' ')}` : extra.join(' ');
}

/**
 * Splits text into stream pieces whose concatenation is the text. Without `count`:
 * one piece per word (with its leading space), long words cut at 12 characters, as
 * tokens look. With `count`: exactly that many pieces (fewer only if the text is
 * shorter), words grouped evenly, or characters when there are too few words.
 */
export function toPieces(text: string, count?: number): string[] {
  if (text.length === 0) return [];
  const words: string[] = [];
  for (const word of text.match(/\s*\S+|\s+$/g) ?? [text]) {
    for (let i = 0; i < word.length; i += MAX_PIECE_CHARS) words.push(word.slice(i, i + MAX_PIECE_CHARS));
  }
  if (count === undefined || words.length === count) return words;
  const target = Math.min(count, text.length);
  const source = words.length >= target ? words : Array.from(text);
  const pieces: string[] = [];
  for (let i = 0; i < target; i++) {
    const from = Math.floor((i * source.length) / target);
    const to = Math.floor(((i + 1) * source.length) / target);
    pieces.push(source.slice(from, to).join(''));
  }
  return pieces;
}
