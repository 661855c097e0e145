import { checkUrlShape, type UrlShapeOptions } from './url-shape';

/**
 * A small vocabulary for the rules of one field of an API body: what type it is,
 * its size or range, its format, and the message for each, as plain data that runs
 * anywhere (the registry's DTOs, the studio's forms, a CLI). `checkRule` is the one
 * evaluator: a value that breaks several constraints gets one message, the most
 * basic rule it breaks (its type first, then size or range, then format).
 */

export interface Bound {
  readonly value: number;
  readonly message: string;
}

export interface PatternCheck {
  readonly pattern: RegExp;
  readonly message: string;
}

/** A string: its type, its length, then each pattern in order. */
export interface TextRule {
  readonly kind: 'text';
  readonly typeMessage: string;
  readonly length?: { readonly min?: number; readonly max: number; readonly message: string };
  readonly patterns?: readonly PatternCheck[];
}

/** A finite number (or an integer): its type, its range, then its decimal places. */
export interface NumberRule {
  readonly kind: 'number';
  readonly integer: boolean;
  /** Also the message for more decimal places than `maxDecimalPlaces`. */
  readonly typeMessage: string;
  readonly min?: Bound;
  readonly max?: Bound;
  readonly maxDecimalPlaces?: number;
}

/** One of a fixed list of strings. */
export interface EnumRule<T extends string = string> {
  readonly kind: 'enum';
  readonly values: readonly T[];
  readonly message: string;
}

/** An absolute http(s) URL: a string, within a length, of a valid shape (no DNS, no address policy). */
export interface UrlRule {
  readonly kind: 'url';
  readonly typeMessage: string;
  readonly length: { readonly max: number; readonly message: string };
  readonly shape: UrlShapeOptions;
}

export type FieldRule = TextRule | NumberRule | EnumRule | UrlRule;

/** Decimal places of a number as JSON carries it, exponent notation included (1e-9 has nine). */
export function decimalPlaces(value: number): number {
  if (!Number.isFinite(value) || Number.isInteger(value)) return 0;
  const [mantissa = '', exponent = '0'] = value.toString().toLowerCase().split('e');
  const fraction = mantissa.split('.')[1]?.length ?? 0;
  return Math.max(0, fraction - Number(exponent));
}

function checkText(rule: TextRule, value: unknown): string | null {
  if (typeof value !== 'string') return rule.typeMessage;
  const { length } = rule;
  if (length && (value.length < (length.min ?? 0) || value.length > length.max)) return length.message;
  return rule.patterns?.find((p) => !p.pattern.test(value))?.message ?? null;
}

function checkNumber(rule: NumberRule, value: unknown): string | null {
  if (typeof value !== 'number' || !Number.isFinite(value) || (rule.integer && !Number.isInteger(value))) return rule.typeMessage;
  if (rule.min && value < rule.min.value) return rule.min.message;
  if (rule.max && value > rule.max.value) return rule.max.message;
  if (rule.maxDecimalPlaces !== undefined && decimalPlaces(value) > rule.maxDecimalPlaces) return rule.typeMessage;
  return null;
}

function checkUrl(rule: UrlRule, value: unknown): string | null {
  if (typeof value !== 'string') return rule.typeMessage;
  if (value.length > rule.length.max) return rule.length.message;
  const shape = checkUrlShape(value, rule.shape);
  return shape.ok ? null : shape.message;
}

/** The message of the most basic constraint `value` breaks, or null when it keeps the rule. */
export function checkRule(rule: FieldRule, value: unknown): string | null {
  switch (rule.kind) {
    case 'text':
      return checkText(rule, value);
    case 'number':
      return checkNumber(rule, value);
    case 'enum':
      return typeof value === 'string' && (rule.values as readonly string[]).includes(value) ? null : rule.message;
    case 'url':
      return checkUrl(rule, value);
  }
}

/** The JSON Schema (OpenAPI) keywords a rule implies, for API documents and form inputs. */
export interface RuleSchema {
  type: 'string' | 'number' | 'integer';
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  enum?: string[];
}

export function ruleSchema(rule: FieldRule): RuleSchema {
  switch (rule.kind) {
    case 'text': {
      const schema: RuleSchema = { type: 'string' };
      if (rule.length?.min !== undefined) schema.minLength = rule.length.min;
      if (rule.length) schema.maxLength = rule.length.max;
      if (rule.patterns?.length === 1) schema.pattern = rule.patterns[0]!.pattern.source;
      return schema;
    }
    case 'number': {
      const schema: RuleSchema = { type: rule.integer ? 'integer' : 'number' };
      if (rule.min) schema.minimum = rule.min.value;
      if (rule.max) schema.maximum = rule.max.value;
      return schema;
    }
    case 'enum':
      return { type: 'string', enum: [...rule.values] };
    case 'url':
      return { type: 'string', maxLength: rule.length.max };
  }
}

/* Builders with the project's standard wording; every message can be replaced. */

export interface TextRuleOptions {
  min?: number;
  max?: number;
  patterns?: readonly PatternCheck[];
  lengthMessage?: string;
}

/** `<field> must be a string`, `<field> must be <min> to <max> characters` (or `at most <max>`). */
export function textRule<O extends TextRuleOptions>(field: string, options?: O): O extends { max: number } ? TextRule & Required<Pick<TextRule, 'length'>> : TextRule;
export function textRule(field: string, options: TextRuleOptions = {}): TextRule {
  const { min, max, patterns } = options;
  const standard = min !== undefined ? `${field} must be ${min} to ${max} characters` : `${field} must be at most ${max} characters`;
  return {
    kind: 'text',
    typeMessage: `${field} must be a string`,
    ...(max !== undefined ? { length: { ...(min !== undefined ? { min } : {}), max, message: options.lengthMessage ?? standard } } : {}),
    ...(patterns ? { patterns } : {}),
  };
}

/** `<field> must be an integer`, `<field> must be at least <min>`, `<field> must be at most <max>`. */
export function integerRule(field: string, min: number, max: number): NumberRule {
  return {
    kind: 'number',
    integer: true,
    typeMessage: `${field} must be an integer`,
    min: { value: min, message: `${field} must be at least ${min}` },
    max: { value: max, message: `${field} must be at most ${max}` },
  };
}

export interface NumberRuleOptions {
  min: number;
  max: number;
  typeMessage?: string;
  /** One message for both ends (default `<field> must be between <min> and <max>`). */
  rangeMessage?: string;
  minMessage?: string;
  maxMessage?: string;
  maxDecimalPlaces?: number;
}

/** `<field> must be a number`, `<field> must be between <min> and <max>`. */
export function numberRule(field: string, options: NumberRuleOptions): NumberRule {
  const range = options.rangeMessage ?? `${field} must be between ${options.min} and ${options.max}`;
  return {
    kind: 'number',
    integer: false,
    typeMessage: options.typeMessage ?? `${field} must be a number`,
    min: { value: options.min, message: options.minMessage ?? range },
    max: { value: options.max, message: options.maxMessage ?? range },
    ...(options.maxDecimalPlaces !== undefined ? { maxDecimalPlaces: options.maxDecimalPlaces } : {}),
  };
}

/** `<field> must be one of: a, b, c`. */
export function enumRule<T extends string>(field: string, values: readonly T[]): EnumRule<T> {
  return { kind: 'enum', values, message: `${field} must be one of: ${values.join(', ')}` };
}
