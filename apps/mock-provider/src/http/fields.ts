import { invalidRequest } from './mock-provider.exception';
import type { JsonObject } from './body';

/** Readers for request fields: each bad value is a 400 that names the field, as OpenAI does. */

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

export function wrongType(param: string, expected: string, value: unknown): never {
  throw invalidRequest(`Invalid type for '${param}': expected ${expected}, but got ${describe(value)} instead.`, param, 'invalid_type');
}

export function requiredString(body: JsonObject, name: string, param = name): string {
  const value = body[name];
  if (value === undefined || value === null) throw invalidRequest(`Missing required parameter: '${param}'.`, param, 'missing_required_parameter');
  if (typeof value !== 'string') return wrongType(param, 'a string', value);
  return value;
}

export function optionalString(body: JsonObject, name: string, param = name): string | undefined {
  const value = body[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') return wrongType(param, 'a string', value);
  return value;
}

export function optionalBoolean(body: JsonObject, name: string, param = name): boolean | undefined {
  const value = body[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') return wrongType(param, 'a boolean', value);
  return value;
}

export function optionalInteger(body: JsonObject, name: string, min: number, max: number, param = name): number | undefined {
  const value = body[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value)) return wrongType(param, 'an integer', value);
  if (value < min || value > max) {
    throw invalidRequest(`Invalid '${param}': ${value} is out of range; expected an integer from ${min} to ${max}.`, param, 'integer_out_of_range');
  }
  return value;
}

export function optionalEnum<T extends string>(body: JsonObject, name: string, allowed: readonly T[], param = name): T | undefined {
  const value = optionalString(body, name, param);
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value)) {
    throw invalidRequest(`Invalid value for '${param}': expected one of ${allowed.map((v) => `'${v}'`).join(', ')}, but got '${value}'.`, param, 'invalid_value');
  }
  return value as T;
}
