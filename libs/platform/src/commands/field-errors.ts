import { type FieldError } from '@model-garden/contracts';
import { type ValidationError } from 'class-validator';

/**
 * Turns class-validator's error tree into one `{field, message}` per bad field,
 * with nested fields named by their path (`pricing.perImage`, `scopes[1]`).
 * An unknown field is reported as such, so a typo never passes silently.
 */
export function flattenValidationErrors(errors: ValidationError[], parent = ''): FieldError[] {
  const out: FieldError[] = [];
  for (const error of errors) {
    const field = joinPath(parent, error.property);
    const constraints = error.constraints ?? {};
    if ('whitelistValidation' in constraints) {
      out.push({ field, message: `${field} is not a known field; remove it.` });
    } else if (Object.keys(constraints).length > 0) {
      out.push({ field, message: mostRelevant(constraints) });
    }
    if (error.children?.length) out.push(...flattenValidationErrors(error.children, field));
  }
  return out;
}

function joinPath(parent: string, property: string): string {
  if (property === undefined || property === '') return parent || 'body';
  if (/^\d+$/.test(property)) return `${parent}[${property}]`;
  return parent ? `${parent}.${property}` : property;
}

/** Constraints in the order a person should fix them: the type first, then size and range, then format. */
const PRIORITY = [
  'isDefined',
  'isString',
  'isNumber',
  'isInt',
  'isBoolean',
  'isArray',
  'isObject',
  'isIn',
  'isUuid',
  'isIso8601',
  'isDate',
  'isLength',
  'arrayNotEmpty',
  'arrayMaxSize',
  'arrayUnique',
  'min',
  'max',
  'maxLength',
];

/** One message per field: the most basic rule it breaks (a string sent as a price is "not a number", not also "negative"). */
function mostRelevant(constraints: Record<string, string>): string {
  const name = PRIORITY.find((p) => p in constraints) ?? Object.keys(constraints)[0]!;
  return constraints[name]!;
}

/** Keys no DTO has and class-transformer must never see (it reads `constructor` of nested values and fails). */
const RESERVED_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** Deeper than any DTO nests: refused before the transformer and validators recurse into it. */
export const MAX_NESTING = 32;

/**
 * Problems no DTO rule can report because they break the transformer first: reserved
 * keys anywhere (`pricing.constructor`, `tags[0].__proto__`) and nesting deeper than
 * MAX_NESTING. Walks iteratively, so no input can exhaust the stack.
 */
export function structuralProblems(value: unknown): FieldError[] {
  const problems: FieldError[] = [];
  const pending: Array<{ value: unknown; path: string; depth: number }> = [{ value, path: '', depth: 0 }];
  // Parsed JSON is a tree; anything else (a shared or cyclic object) is walked once.
  const seen = new WeakSet<object>();
  while (pending.length > 0) {
    const { value: current, path, depth } = pending.pop()!;
    if (typeof current !== 'object' || current === null || seen.has(current)) continue;
    seen.add(current);
    if (depth > MAX_NESTING) {
      problems.push({ field: path || 'body', message: `${path || 'The body'} is nested more than ${MAX_NESTING} levels deep.` });
      continue;
    }
    if (Array.isArray(current)) {
      current.forEach((item, i) => pending.push({ value: item, path: `${path}[${i}]`, depth: depth + 1 }));
      continue;
    }
    for (const key of Object.keys(current)) {
      const child = path ? `${path}.${key}` : key;
      if (RESERVED_KEYS.has(key)) problems.push({ field: child, message: `${child} is not a known field; remove it.` });
      else pending.push({ value: (current as Record<string, unknown>)[key], path: child, depth: depth + 1 });
    }
  }
  return problems;
}
