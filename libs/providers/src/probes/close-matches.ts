/** Levenshtein distance (insert, delete, substitute), case-insensitive. */
export function editDistance(a: string, b: string): number {
  const s = a.toLowerCase();
  const t = b.toLowerCase();
  let previous = Array.from({ length: t.length + 1 }, (_, j) => j);
  for (let i = 1; i <= s.length; i++) {
    const current = [i];
    for (let j = 1; j <= t.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (s[i - 1] === t[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[t.length];
}

/**
 * The listed ids closest to what was asked for, best first: ids within a few edits
 * (a third of the length, at least 3), or that contain it / are contained in it
 * (`llama-3.3-70b` for `meta-llama/llama-3.3-70b`).
 */
export function closeMatches(wanted: string, candidates: readonly string[], limit = 3): string[] {
  const target = wanted.toLowerCase();
  const threshold = Math.max(3, Math.floor(target.length / 3));
  return candidates
    .map((candidate) => {
      const lower = candidate.toLowerCase();
      const contains = Math.min(lower.length, target.length) >= 4 && (lower.includes(target) || target.includes(lower));
      return { candidate, score: contains ? 0 : editDistance(target, lower) };
    })
    .filter(({ score }) => score <= threshold)
    .sort((x, y) => x.score - y.score || x.candidate.localeCompare(y.candidate))
    .slice(0, limit)
    .map(({ candidate }) => candidate);
}
