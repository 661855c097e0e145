import { type ErrorObject, type ValidateFunction } from 'ajv';
import Ajv from 'ajv/dist/2020';
import addFormats from 'ajv-formats';

/**
 * The one ajv setup for checking values against JSON Schema (structured-output and tool
 * schemas in the validator's probes, the mock provider's tests, the AsyncAPI payloads):
 * JSON Schema 2020-12 (what OpenAI's structured outputs follow: `prefixItems`, `$defs`),
 * every error reported, unknown keywords tolerated (schemas come from users, OpenAI's
 * `strict` dialect and OpenAPI's `nullable`), the standard formats (`date-time`, `email`…).
 */
export function createJsonSchemaAjv(): Ajv {
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  return ajv;
}

let shared: Ajv | undefined;
const compiled = new WeakMap<Ajv, WeakMap<object, ValidateFunction>>();

function validatorFor(ajv: Ajv, schema: object | boolean): ValidateFunction {
  if (typeof schema === 'boolean') return ajv.compile(schema);
  let cache = compiled.get(ajv);
  if (!cache) {
    cache = new WeakMap();
    compiled.set(ajv, cache);
  }
  let validate = cache.get(schema);
  if (!validate) {
    validate = ajv.compile(schema);
    cache.set(schema, validate);
  }
  return validate;
}

/** `$`, `$.answer`, `$.items[2].name`: the value's path for a person, from ajv's JSON pointer. */
function readablePath(root: unknown, pointer: string): { path: string; value: unknown } {
  let path = '$';
  let value = root;
  if (pointer === '') return { path, value };
  for (const raw of pointer.slice(1).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(value)) {
      path += `[${key}]`;
      value = value[Number(key)];
    } else {
      path += `.${key}`;
      value = typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
    }
  }
  return { path, value };
}

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

function describeError(error: ErrorObject, root: unknown): string {
  const { path, value } = readablePath(root, error.instancePath);
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      return `${path}.${String(params['missingProperty'])} is required`;
    case 'additionalProperties':
      return `${path}.${String(params['additionalProperty'])} is not allowed`;
    case 'type': {
      const types = Array.isArray(params['type']) ? (params['type'] as unknown[]).join(' or ') : String(params['type']);
      return `${path} should be ${types}, got ${describeValue(value)}`;
    }
    case 'enum':
      return `${path} is not one of the allowed values`;
    case 'const':
      return `${path} is not the required constant`;
    default:
      return `${path} ${error.message ?? `fails "${error.keyword}"`}`;
  }
}

/**
 * The problems of `value` against `schema`, one sentence each (`$.answer is required`,
 * `$.reply is not allowed`, `$.n should be integer, got a string`…); empty when the value
 * conforms. A schema that is neither an object nor a boolean checks nothing. A schema that
 * is itself invalid is one problem naming ajv's reason. Pass `ajv` to resolve `$ref`s into
 * schemas added to it (`ajv.addSchema(document, id)`).
 */
export function jsonSchemaProblems(schema: unknown, value: unknown, ajv?: Ajv): string[] {
  if (typeof schema !== 'boolean' && (typeof schema !== 'object' || schema === null)) return [];
  const instance = ajv ?? (shared ??= createJsonSchemaAjv());
  let validate: ValidateFunction;
  try {
    validate = validatorFor(instance, schema);
  } catch (error) {
    return [`the schema itself is invalid: ${error instanceof Error ? error.message : String(error)}`];
  }
  if (validate(value)) return [];
  return (validate.errors ?? []).map((error) => describeError(error, value));
}
