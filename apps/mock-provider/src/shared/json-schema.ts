import { isRecord, type JsonObject } from '../http/body';

/**
 * A small deterministic generator of a JSON value that is valid against a JSON schema,
 * for function-call arguments and structured output. It covers what OpenAI's strict
 * schemas and common tools use: object/properties/required, string (with length and
 * common formats), number/integer (with bounds and multipleOf), boolean, null, array
 * (items, prefixItems, minItems/maxItems), enum, const, nullable and type arrays,
 * anyOf/oneOf (first branch), allOf (merged) and local `$ref`s (`#/$defs/...`).
 * Not covered: `pattern`, `uniqueItems`, `not`, `if/then/else`, `minProperties`.
 */

/** Deeper than this, optional properties are left out and arrays get only `minItems` items. */
const SOFT_DEPTH = 8;
/** Deeper than this the schema cannot have a finite instance we would find; give up with null. */
const HARD_DEPTH = 64;
const MAX_ITEMS = 1000;

const FORMAT_EXAMPLES: Record<string, string> = {
  'date-time': '2024-01-01T00:00:00Z',
  date: '2024-01-01',
  time: '00:00:00Z',
  duration: 'P1D',
  email: 'mock@example.com',
  'idn-email': 'mock@example.com',
  hostname: 'example.com',
  'idn-hostname': 'example.com',
  ipv4: '192.0.2.1',
  ipv6: '2001:db8::1',
  uri: 'https://example.com/mock',
  'uri-reference': 'https://example.com/mock',
  iri: 'https://example.com/mock',
  url: 'https://example.com/mock',
  uuid: '00000000-0000-4000-8000-000000000000',
};

export function generateFromSchema(schema: unknown): unknown {
  return generate(schema, isRecord(schema) ? schema : {}, 0, undefined);
}

function generate(node: unknown, root: JsonObject, depth: number, key: string | undefined): unknown {
  if (depth > HARD_DEPTH || node === false) return null;
  if (!isRecord(node)) return {};
  if (typeof node.$ref === 'string') return generate(resolveRef(root, node.$ref), root, depth + 1, key);
  if ('const' in node) return node.const;
  if (Array.isArray(node.enum) && node.enum.length > 0) return node.enum[0];
  if (Array.isArray(node.allOf) && node.allOf.length > 0) return generate(mergeAll(node, root), root, depth + 1, key);
  for (const keyword of ['anyOf', 'oneOf'] as const) {
    const branches = node[keyword];
    if (Array.isArray(branches) && branches.length > 0) return generate(branches[0], root, depth + 1, key);
  }
  switch (typeOf(node)) {
    case 'object':
      return objectValue(node, root, depth);
    case 'array':
      return arrayValue(node, root, depth);
    case 'string':
      return stringValue(node, key);
    case 'integer':
      return numberValue(node, true);
    case 'number':
      return numberValue(node, false);
    case 'boolean':
      return true;
    case 'null':
      return null;
    default:
      return {};
  }
}

/** The schema's type: the first non-null one of a type array; inferred from keywords when absent. */
function typeOf(node: JsonObject): string | undefined {
  const type = node.type;
  if (typeof type === 'string') return type;
  if (Array.isArray(type)) return type.find((t): t is string => typeof t === 'string' && t !== 'null') ?? 'null';
  if ('properties' in node || 'required' in node || 'additionalProperties' in node) return 'object';
  if ('items' in node || 'prefixItems' in node) return 'array';
  if (node.nullable === true) return 'null';
  return undefined;
}

function objectValue(node: JsonObject, root: JsonObject, depth: number): JsonObject {
  const properties = isRecord(node.properties) ? node.properties : {};
  const required = Array.isArray(node.required) ? node.required.filter((r): r is string => typeof r === 'string') : [];
  const shallow = depth < SOFT_DEPTH;
  const out: JsonObject = {};
  for (const [name, schema] of Object.entries(properties)) {
    if (shallow || required.includes(name)) out[name] = generate(schema, root, depth + 1, name);
  }
  for (const name of required) if (!(name in out)) out[name] = 'mock';
  return out;
}

function arrayValue(node: JsonObject, root: JsonObject, depth: number): unknown[] {
  const prefix = Array.isArray(node.prefixItems) ? node.prefixItems : [];
  const min = nonNegative(node.minItems) ?? 0;
  const max = nonNegative(node.maxItems) ?? Number.POSITIVE_INFINITY;
  const wanted = depth < SOFT_DEPTH ? Math.max(1, min, prefix.length) : Math.max(min, 0);
  const count = Math.min(wanted, max, MAX_ITEMS);
  const out: unknown[] = [];
  for (let i = 0; i < count; i++) {
    const schema = i < prefix.length ? prefix[i] : node.items === undefined ? {} : node.items;
    out.push(generate(schema, root, depth + 1, undefined));
  }
  return out;
}

function stringValue(node: JsonObject, key: string | undefined): string {
  const format = typeof node.format === 'string' ? FORMAT_EXAMPLES[node.format] : undefined;
  let value = format ?? (key === undefined ? 'mock' : `mock ${key}`);
  const min = nonNegative(node.minLength);
  const max = nonNegative(node.maxLength);
  if (min !== undefined && value.length < min) value = value.padEnd(min, 'x');
  if (max !== undefined && value.length > max) value = value.slice(0, max);
  return value;
}

function numberValue(node: JsonObject, integer: boolean): number {
  const step = typeof node.multipleOf === 'number' && node.multipleOf > 0 ? node.multipleOf : integer ? 1 : undefined;
  let low = finite(node.minimum);
  let high = finite(node.maximum);
  const exclusiveLow = finite(node.exclusiveMinimum);
  const exclusiveHigh = finite(node.exclusiveMaximum);
  // An exclusive bound is met by the next step inside it (or a fraction when there is no step).
  if (exclusiveLow !== undefined) low = Math.max(low ?? -Infinity, nextAbove(exclusiveLow, step));
  if (exclusiveHigh !== undefined) high = Math.min(high ?? Infinity, nextBelow(exclusiveHigh, step));
  let value = 1;
  if (low !== undefined && value < low) value = low;
  if (high !== undefined && value > high) value = high;
  if (step !== undefined) {
    const up = Math.ceil(value / step) * step;
    value = high === undefined || up <= high ? up : Math.floor(value / step) * step;
  }
  return value;
}

function nextAbove(bound: number, step: number | undefined): number {
  return step === undefined ? bound + 0.5 : (Math.floor(bound / step) + 1) * step;
}

function nextBelow(bound: number, step: number | undefined): number {
  return step === undefined ? bound - 0.5 : (Math.ceil(bound / step) - 1) * step;
}

function finite(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

function nonNegative(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : undefined;
}

/** Resolves a local JSON pointer (`#/$defs/Name`); anything else is an unconstrained schema. */
function resolveRef(root: JsonObject, ref: string): unknown {
  if (ref === '#') return root;
  if (!ref.startsWith('#/')) return {};
  let node: unknown = root;
  for (const raw of ref.slice(2).split('/')) {
    const part = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    if (!isRecord(node)) return {};
    node = node[part];
  }
  return node;
}

/** Folds `allOf` into one schema: properties and required lists merged, other keywords last wins. */
function mergeAll(node: JsonObject, root: JsonObject): JsonObject {
  const merged: JsonObject = { ...node };
  const properties: JsonObject = isRecord(node.properties) ? { ...node.properties } : {};
  const required = new Set<string>(Array.isArray(node.required) ? node.required.filter((r): r is string => typeof r === 'string') : []);
  for (const part of node.allOf as unknown[]) {
    let schema = part;
    for (let hops = 0; isRecord(schema) && typeof schema.$ref === 'string' && hops < HARD_DEPTH; hops++) schema = resolveRef(root, schema.$ref);
    if (!isRecord(schema)) continue;
    Object.assign(merged, schema);
    if (isRecord(schema.properties)) Object.assign(properties, schema.properties);
    if (Array.isArray(schema.required)) for (const r of schema.required) if (typeof r === 'string') required.add(r);
  }
  delete merged.allOf;
  if (Object.keys(properties).length > 0) merged.properties = properties;
  if (required.size > 0) merged.required = [...required];
  return merged;
}
