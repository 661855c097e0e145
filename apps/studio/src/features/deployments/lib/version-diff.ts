import { diffLines } from 'diff';

/**
 * The diff between two versions of a deployment, as the versions view shows it:
 * each version rendered as canonical JSON (keys sorted, so only real changes show),
 * compared line by line, with long unchanged stretches folded around the changes.
 */

export type DiffRow =
  | { kind: 'same' | 'added' | 'removed'; text: string; oldLine: number | null; newLine: number | null }
  | { kind: 'fold'; count: number };

export interface DiffViewModel {
  rows: DiffRow[];
  added: number;
  removed: number;
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}

export function canonicalJson(value: unknown): string {
  return `${JSON.stringify(sortKeys(value), null, 2)}\n`;
}

export function diffVersions(before: unknown, after: unknown, context = 3): DiffViewModel {
  const parts = diffLines(canonicalJson(before), canonicalJson(after));
  const lines: Exclude<DiffRow, { kind: 'fold' }>[] = [];
  let oldLine = 1;
  let newLine = 1;
  let added = 0;
  let removed = 0;
  for (const part of parts) {
    const texts = part.value.replace(/\n$/, '').split('\n');
    for (const text of texts) {
      if (part.added) {
        lines.push({ kind: 'added', text, oldLine: null, newLine: newLine++ });
        added += 1;
      } else if (part.removed) {
        lines.push({ kind: 'removed', text, oldLine: oldLine++, newLine: null });
        removed += 1;
      } else lines.push({ kind: 'same', text, oldLine: oldLine++, newLine: newLine++ });
    }
  }
  // Keep `context` unchanged lines on each side of a change; fold the rest.
  const keep = lines.map((line) => line.kind !== 'same');
  lines.forEach((line, i) => {
    if (line.kind === 'same') return;
    for (let d = 1; d <= context; d += 1) {
      if (i - d >= 0) keep[i - d] = true;
      if (i + d < lines.length) keep[i + d] = true;
    }
  });
  const rows: DiffRow[] = [];
  let folded = 0;
  lines.forEach((line, i) => {
    if (keep[i]) {
      if (folded > 0) rows.push({ kind: 'fold', count: folded });
      folded = 0;
      rows.push(line);
    } else folded += 1;
  });
  if (folded > 0) rows.push({ kind: 'fold', count: folded });
  return { rows, added, removed };
}
