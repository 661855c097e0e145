import { type FieldError } from '../errors/error-codes';
import {
  DEPLOYMENT_LIMITS,
  type DeploymentRouting,
  ROUTING_OPERATORS,
  type RoutingCondition,
  type RoutingRule,
  type RoutingScalar,
} from './deployment.types';

/**
 * Routing of a deployment call to one variant. Rules are tried in order; the first
 * whose conditions all hold on the call's `context` decides: one variant, or a split
 * by percentage. A split is sticky: the bucket (0 to 9,999) is a stable hash of the
 * deployment key and `identity.id` (or the context field the rule names in
 * `stickyBy`), so the same identity always lands on the same variant for as long as the
 * split's percentages stay the same, across versions and gateway replicas. A call with
 * neither gets a random bucket. Pure and browser-safe: the gateway routes with it, the
 * registry checks routing with `routingProblems`, the studio can preview it.
 */

export const SPLIT_BUCKETS = 10_000;

export interface RoutingInput {
  deploymentKey: string;
  context?: Record<string, unknown>;
  identityId?: string;
  /** Source of randomness for calls without a sticky value (tests pass their own). */
  random?: () => number;
}

export interface RoutingDecision {
  variant: string;
  /** The index of the rule that decided; null for the default variant. */
  rule: number | null;
  /** The split bucket, when a split decided. */
  bucket?: number;
  /** Whether the split was sticky (an identity or a sticky field was present). */
  sticky?: boolean;
}

/** A context value by field name; dots reach into nested objects (own properties only). */
export function contextValue(context: Record<string, unknown> | undefined, field: string): unknown {
  let current: unknown = context;
  for (const part of field.split('.')) {
    if (typeof current !== 'object' || current === null || Array.isArray(current)) return undefined;
    if (!Object.prototype.hasOwnProperty.call(current, part)) return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}

function isScalar(value: unknown): value is RoutingScalar {
  return typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value)) || typeof value === 'boolean';
}

/** Whether one condition holds. A missing (or null) field satisfies only `ne`, `nin` and `exists: false`. */
export function conditionHolds(condition: RoutingCondition, context: Record<string, unknown> | undefined): boolean {
  const actual = contextValue(context, condition.field);
  const present = actual !== undefined && actual !== null;
  const expected = condition.value;
  switch (condition.operator) {
    case 'exists':
      return expected === false ? !present : present;
    case 'eq':
      return present && actual === expected;
    case 'ne':
      return !present || actual !== expected;
    case 'in':
      return present && Array.isArray(expected) && expected.includes(actual as RoutingScalar);
    case 'nin':
      return !present || !Array.isArray(expected) || !expected.includes(actual as RoutingScalar);
    case 'gt':
      return typeof actual === 'number' && typeof expected === 'number' && actual > expected;
    case 'gte':
      return typeof actual === 'number' && typeof expected === 'number' && actual >= expected;
    case 'lt':
      return typeof actual === 'number' && typeof expected === 'number' && actual < expected;
    case 'lte':
      return typeof actual === 'number' && typeof expected === 'number' && actual <= expected;
  }
}

/**
 * A stable 32-bit hash of a string: FNV-1a over its UTF-16 code units, then
 * MurmurHash3's finaliser so that similar strings (`user-1`, `user-2`) spread evenly.
 */
export function stableHash(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  hash ^= hash >>> 16;
  return hash >>> 0;
}

/** The split bucket (0 to SPLIT_BUCKETS - 1) of a sticky value within a deployment. */
export function splitBucket(deploymentKey: string, stickyValue: string): number {
  return stableHash(`${deploymentKey}\u0000${stickyValue}`) % SPLIT_BUCKETS;
}

/** The sticky value of a call for a rule: the named context field, else `identity.id`. */
function stickyValueOf(rule: RoutingRule, input: RoutingInput): string | undefined {
  if (rule.stickyBy !== undefined) {
    const value = contextValue(input.context, rule.stickyBy);
    if (value !== undefined && value !== null) return typeof value === 'string' ? value : JSON.stringify(value);
  }
  return input.identityId !== undefined && input.identityId !== '' ? input.identityId : undefined;
}

/** The variant of a split for a bucket: cumulative percentages in the order written. */
export function variantForBucket(split: readonly { variant: string; percent: number }[], bucket: number): string {
  let upper = 0;
  for (const part of split) {
    upper += Math.round(part.percent * (SPLIT_BUCKETS / 100));
    if (bucket < upper) return part.variant;
  }
  return split[split.length - 1]!.variant;
}

export function routeCall(routing: DeploymentRouting, input: RoutingInput): RoutingDecision {
  for (let index = 0; index < routing.rules.length; index += 1) {
    const rule = routing.rules[index]!;
    if (!rule.conditions.every((condition) => conditionHolds(condition, input.context))) continue;
    if (rule.variant !== undefined) return { variant: rule.variant, rule: index };
    const split = rule.split ?? [];
    if (split.length === 0) continue;
    const sticky = stickyValueOf(rule, input);
    const bucket = sticky !== undefined ? splitBucket(input.deploymentKey, sticky) : Math.floor((input.random ?? Math.random)() * SPLIT_BUCKETS) % SPLIT_BUCKETS;
    return { variant: variantForBucket(split, bucket), rule: index, bucket, sticky: sticky !== undefined };
  }
  return { variant: routing.defaultVariant, rule: null };
}

/** A routing condition's context field (and a split's `stickyBy`): a name, with dots for nested fields (up to 5 levels). */
export const CONTEXT_FIELD_PATTERN = /^[A-Za-z_][A-Za-z0-9_-]{0,63}(\.[A-Za-z_][A-Za-z0-9_-]{0,63}){0,4}$/;

function scalarProblem(value: unknown): string | undefined {
  if (isScalar(value)) return typeof value === 'string' && value.length > 500 ? 'must be at most 500 characters' : undefined;
  return 'must be a string, a finite number or a boolean';
}

/**
 * Problems of a routing configuration against the variant keys, each naming its
 * field path (`routing.rules[0].conditions[1].value`): unknown variants, operators and
 * values of the wrong kind, a rule with both or neither of `variant` and `split`, split
 * percentages that do not add up to 100.
 */
export function routingProblems(routing: DeploymentRouting, variantKeys: readonly string[], base = 'routing'): FieldError[] {
  const problems: FieldError[] = [];
  const add = (field: string, message: string): void => {
    problems.push({ field, message: `${field} ${message}` });
  };
  const known = new Set(variantKeys);
  const variantList = variantKeys.map((k) => `"${k}"`).join(', ');
  if (!known.has(routing.defaultVariant)) add(`${base}.defaultVariant`, `names no variant of this version; use one of ${variantList}.`);
  if (routing.rules.length > DEPLOYMENT_LIMITS.rules) add(`${base}.rules`, `may hold at most ${DEPLOYMENT_LIMITS.rules} rules.`);
  routing.rules.forEach((rule, r) => {
    const path = `${base}.rules[${r}]`;
    const conditions = Array.isArray(rule.conditions) ? rule.conditions : [];
    if (conditions.length > DEPLOYMENT_LIMITS.conditions) add(`${path}.conditions`, `may hold at most ${DEPLOYMENT_LIMITS.conditions} conditions.`);
    conditions.forEach((condition, c) => {
      const at = `${path}.conditions[${c}]`;
      if (typeof condition.field !== 'string' || !CONTEXT_FIELD_PATTERN.test(condition.field)) {
        add(`${at}.field`, 'must name a context field: letters, digits, "_" or "-", with dots for nested fields (e.g. "user.plan").');
      }
      if (!(ROUTING_OPERATORS as readonly string[]).includes(condition.operator)) {
        add(`${at}.operator`, `must be one of: ${ROUTING_OPERATORS.join(', ')}.`);
        return;
      }
      const value: unknown = condition.value;
      switch (condition.operator) {
        case 'exists':
          if (typeof value !== 'boolean') add(`${at}.value`, 'must be true (the field is present) or false (it is absent) for "exists".');
          break;
        case 'in':
        case 'nin':
          if (!Array.isArray(value) || value.length === 0 || value.length > DEPLOYMENT_LIMITS.inValues) {
            add(`${at}.value`, `must be a list of 1 to ${DEPLOYMENT_LIMITS.inValues} values for "${condition.operator}".`);
          } else {
            value.forEach((item, i) => {
              const problem = scalarProblem(item);
              if (problem) add(`${at}.value[${i}]`, problem);
            });
          }
          break;
        case 'gt':
        case 'gte':
        case 'lt':
        case 'lte':
          if (typeof value !== 'number' || !Number.isFinite(value)) add(`${at}.value`, `must be a number for "${condition.operator}".`);
          break;
        default: {
          const problem = scalarProblem(value);
          if (problem) add(`${at}.value`, `${problem} for "${condition.operator}".`);
        }
      }
    });
    const hasVariant = rule.variant !== undefined && rule.variant !== null;
    const hasSplit = rule.split !== undefined && rule.split !== null;
    if (hasVariant === hasSplit) {
      add(path, 'must have either "variant" (one variant) or "split" (percentages), not both and not neither.');
      return;
    }
    if (hasVariant && !known.has(rule.variant!)) add(`${path}.variant`, `names no variant of this version; use one of ${variantList}.`);
    if (hasSplit) {
      const split = rule.split!;
      if (split.length < 2 || split.length > DEPLOYMENT_LIMITS.variants) {
        add(`${path}.split`, `must share the calls between 2 to ${DEPLOYMENT_LIMITS.variants} variants (for one variant, use "variant").`);
        return;
      }
      let total = 0;
      const seen = new Set<string>();
      split.forEach((part, s) => {
        const at = `${path}.split[${s}]`;
        if (!known.has(part.variant)) add(`${at}.variant`, `names no variant of this version; use one of ${variantList}.`);
        else if (seen.has(part.variant)) add(`${at}.variant`, `"${part.variant}" appears twice in this split; give it one share.`);
        seen.add(part.variant);
        if (typeof part.percent !== 'number' || !Number.isFinite(part.percent) || part.percent <= 0 || part.percent > 100 || Math.abs(Math.round(part.percent * 100) - part.percent * 100) > 1e-6) {
          add(`${at}.percent`, 'must be a percentage above 0 and at most 100, with at most two decimals.');
        } else {
          total += part.percent;
        }
      });
      if (problems.every((p) => !p.field.startsWith(`${path}.split`)) && Math.abs(total - 100) > 1e-6) {
        add(`${path}.split`, `percentages add up to ${Math.round(total * 100) / 100}; they must add up to 100.`);
      }
      if (rule.stickyBy !== undefined && rule.stickyBy !== null && (typeof rule.stickyBy !== 'string' || !CONTEXT_FIELD_PATTERN.test(rule.stickyBy))) {
        add(`${path}.stickyBy`, 'must name a context field (e.g. "user.id"), or be left out to use identity.id.');
      }
    } else if (rule.stickyBy !== undefined && rule.stickyBy !== null) {
      add(`${path}.stickyBy`, 'applies only to a split; remove it or use "split".');
    }
  });
  return problems;
}
