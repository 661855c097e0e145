import { type DeploymentRouting, type RoutingOperator, routingProblems } from '@model-garden/contracts/browser';

/** A split row as edited: the percentage is text until it is checked. */
export interface SplitDraft {
  variant: string;
  percent: string;
}

export interface SplitCheck {
  /** The sum of the percentages that are numbers. */
  total: number;
  /** Problems, each naming the row (1-based) or the whole split. */
  errors: string[];
}

/**
 * A percentage split between variants as you type it, checked with the registry's
 * own routing rule (`routingProblems` of the contracts: known variants, each once,
 * shares above 0 and at most 100 with two decimals at most, adding up to 100), its
 * problems named by row. Only what belongs to the text is the studio's: an empty
 * variant choice, and a share that is not written as a plain decimal number.
 */
export function checkSplit(split: readonly SplitDraft[], variantKeys: readonly string[]): SplitCheck {
  const errors: string[] = [];
  const parts = split.map((row, index) => {
    if (!row.variant) errors.push(`Split row ${index + 1}: choose a variant.`);
    const text = row.percent.trim();
    return { variant: row.variant, percent: /^\d+(\.\d+)?$/.test(text) ? Number(text) : Number.NaN };
  });
  const base = 'routing.rules[0].split';
  const routing: DeploymentRouting = { defaultVariant: variantKeys[0] ?? '', rules: [{ conditions: [], split: parts }] };
  for (const problem of routingProblems(routing, variantKeys)) {
    if (!problem.field.startsWith(base)) continue;
    const message = problem.message.slice(problem.field.length + 1);
    const row = /^\[(\d+)\]\.(variant|percent)$/.exec(problem.field.slice(base.length));
    if (!row) errors.push(`The split ${message}`);
    else {
      const index = Number(row[1]);
      const variant = split[index]?.variant ?? '';
      if (row[2] === 'percent') errors.push(`Split row ${index + 1}: the share ${message}`);
      else if (variant) errors.push(`Split row ${index + 1}: ${message.startsWith('"') ? message : `"${variant}" ${message}`}`);
    }
  }
  const total = Math.round(parts.reduce((sum, part) => sum + (Number.isFinite(part.percent) ? part.percent : 0), 0) * 100) / 100;
  return { total, errors };
}

/** Splits 100 % as evenly as whole numbers allow (the first rows take the remainder). */
export function evenSplit(variants: readonly string[]): SplitDraft[] {
  const base = Math.floor(100 / Math.max(variants.length, 1));
  const rest = 100 - base * variants.length;
  return variants.map((variant, index) => ({ variant, percent: String(base + (index < rest ? 1 : 0)) }));
}

export const OPERATOR_LABELS: Record<RoutingOperator, string> = {
  eq: '=',
  ne: '≠',
  in: 'in',
  nin: 'not in',
  gt: '>',
  gte: '≥',
  lt: '<',
  lte: '≤',
  exists: 'exists',
};
