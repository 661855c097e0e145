import { canonicalJson, diffVersions } from './version-diff';

describe('diffVersions', () => {
  it('shows no change for the same content in another key order', () => {
    const view = diffVersions({ a: 1, b: { c: 2, d: 3 } }, { b: { d: 3, c: 2 }, a: 1 }, 1);
    expect(view.added).toBe(0);
    expect(view.removed).toBe(0);
    expect(view.rows.every((r) => r.kind === 'fold')).toBe(true);
  });

  it('marks removed and added lines with their line numbers on each side', () => {
    const view = diffVersions({ model: 'mock-a', temperature: 0.2 }, { model: 'mock-b', temperature: 0.2 });
    expect(view.added).toBe(1);
    expect(view.removed).toBe(1);
    expect(view.rows).toEqual([
      { kind: 'same', text: '{', oldLine: 1, newLine: 1 },
      { kind: 'removed', text: '  "model": "mock-a",', oldLine: 2, newLine: null },
      { kind: 'added', text: '  "model": "mock-b",', oldLine: null, newLine: 2 },
      { kind: 'same', text: '  "temperature": 0.2', oldLine: 3, newLine: 3 },
      { kind: 'same', text: '}', oldLine: 4, newLine: 4 },
    ]);
  });

  it('folds long unchanged stretches, keeping context around the change', () => {
    const before = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`k${String(i).padStart(2, '0')}`, i]));
    const after = { ...before, k10: 'changed' };
    const view = diffVersions(before, after, 2);
    const folds = view.rows.filter((r) => r.kind === 'fold');
    expect(folds).toEqual([
      { kind: 'fold', count: 9 },
      { kind: 'fold', count: 8 },
    ]);
    const shown = view.rows.flatMap((r) => (r.kind === 'fold' ? [] : [r.text.trim()]));
    expect(shown).toEqual(['"k08": 8,', '"k09": 9,', '"k10": 10,', '"k10": "changed",', '"k11": 11,', '"k12": 12,']);
  });

  it('renders canonical JSON with sorted keys and a final newline', () => {
    expect(canonicalJson({ b: 1, a: [{ d: 1, c: 2 }] })).toBe('{\n  "a": [\n    {\n      "c": 2,\n      "d": 1\n    }\n  ],\n  "b": 1\n}\n');
  });
});
