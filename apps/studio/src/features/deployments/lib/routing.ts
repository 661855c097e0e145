import type { RoutingOperator } from '@model-garden/contracts/browser';

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
 * A percentage split between variants is valid when every row names a known variant
 * once, every share is above 0 and at most 100 with at most two decimals, and the
 * shares add up to 100 (the registry's rule, checked here as you type).
 */
export function checkSplit(split: readonly SplitDraft[], variantKeys: readonly string[]): SplitCheck {
  const errors: string[] = [];
  let total = 0;
  const seen = new Set<string>();
  if (split.length < 2) errors.push('A split needs at least two variants; to send every call to one variant, choose "Variant" instead.');
  split.forEach((row, index) => {
    const where = `Split row ${index + 1}`;
    if (!row.variant) errors.push(`${where}: choose a variant.`);
    else if (!variantKeys.includes(row.variant)) errors.push(`${where}: there is no variant "${row.variant}".`);
    else if (seen.has(row.variant)) errors.push(`${where}: "${row.variant}" is already in this split; each variant appears once.`);
    seen.add(row.variant);
    const text = row.percent.trim();
    const value = Number(text);
    if (!/^\d{1,3}(\.\d{1,2})?$/.test(text) || value <= 0 || value > 100) {
      errors.push(`${where}: the share must be a percentage above 0 and at most 100, with at most two decimals.`);
      return;
    }
    total += value;
  });
  total = Math.round(total * 100) / 100;
  if (total !== 100 && errors.length === 0) errors.push(`The shares add up to ${total} %; they must add up to 100 %.`);
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
