import { type FieldError } from '@model-garden/contracts';
import { type ValidationError, ValidateBy, type ValidationOptions } from 'class-validator';

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

/** Decimal places of a number as written in JSON, exponent notation included (1e-9 has nine). */
export function decimalPlaces(value: number): number {
  const [mantissa = '', exponent = '0'] = value.toString().toLowerCase().split('e');
  const fraction = mantissa.split('.')[1]?.length ?? 0;
  return Math.max(0, fraction - Number(exponent));
}

/**
 * A finite number with at most `maxPlaces` decimals. class-validator's own
 * `maxDecimalPlaces` reads `toString()` and throws on exponent notation (a 500
 * for a price like 1e-9); this one answers the field's message instead.
 */
export function IsFiniteDecimal(maxPlaces: number, options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isFiniteDecimal',
      constraints: [maxPlaces],
      validator: { validate: (value: unknown) => typeof value === 'number' && Number.isFinite(value) && decimalPlaces(value) <= maxPlaces },
    },
    options,
  );
}
