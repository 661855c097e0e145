import { diffWords } from 'diff';

export interface DiffPart {
  kind: 'same' | 'missing' | 'extra';
  text: string;
}

/**
 * The answer beside the expected output: word by word, what the answer lacks
 * (`missing`, in the expected output only) and what it adds (`extra`).
 */
export function answerDiff(expected: string, answer: string): { parts: DiffPart[]; identical: boolean } {
  const parts = diffWords(expected, answer).map<DiffPart>((change) => ({ kind: change.added ? 'extra' : change.removed ? 'missing' : 'same', text: change.value }));
  return { parts, identical: parts.every((p) => p.kind === 'same') };
}
