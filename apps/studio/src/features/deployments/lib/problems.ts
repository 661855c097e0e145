import type { FieldError } from '@model-garden/contracts/browser';
import type { FieldProblem } from './deployment-form';

/** Problems sorted for the editor: per variant (by path relative to it), and the rest. */
export interface GroupedProblems {
  variants: Record<number, Record<string, string[]>>;
  other: FieldProblem[];
}

const VARIANT_PATH = /^variants\[(\d+)\]\.?(.*)$/;

/**
 * Groups the studio's own problems and the registry's 422 details (whose messages
 * start with the path; it is not repeated) so each shows beside its field.
 */
export function groupProblems(problems: readonly FieldProblem[], server: readonly FieldError[] = []): GroupedProblems {
  const grouped: GroupedProblems = { variants: {}, other: [] };
  const all: FieldProblem[] = [...problems, ...server.map((d) => ({ path: d.field, message: d.message.startsWith(d.field) ? d.message.slice(d.field.length).trim().replace(/^:\s*/, '') : d.message }))];
  for (const problem of all) {
    const match = VARIANT_PATH.exec(problem.path);
    if (!match) {
      grouped.other.push(problem);
      continue;
    }
    const index = Number(match[1]);
    const rest = match[2] || 'variant';
    const forVariant = (grouped.variants[index] ??= {});
    (forVariant[rest] ??= []).push(problem.message);
  }
  return grouped;
}
