import { isRecord, type JsonObject } from '../http/body';

/**
 * A small JSON-schema checker for tests, independent of the generator: returns the list
 * of violations (empty when the value is valid). Covers the keywords the generator
 * claims, so a generator bug cannot hide behind a shared misunderstanding.
 */
export function schemaViolations(value: unknown, schema: unknown, root: unknown = schema, at = '$'): string[] {
  if (schema === true || schema === undefined) return [];
  if (schema === false) return [`${at}: no value is allowed`];
  if (!isRecord(schema)) return [];
  const errors: string[] = [];
  if (typeof schema.$ref === 'string') return schemaViolations(value, pointer(root, schema.$ref), root, at);
  if ('const' in schema && JSON.stringify(schema.const) !== JSON.stringify(value)) errors.push(`${at}: must equal ${JSON.stringify(schema.const)}`);
  if (Array.isArray(schema.enum) && !schema.enum.some((option) => JSON.stringify(option) === JSON.stringify(value))) errors.push(`${at}: not in enum`);
  if (Array.isArray(schema.allOf)) for (const part of schema.allOf) errors.push(...schemaViolations(value, part, root, at));
  if (Array.isArray(schema.anyOf) && !schema.anyOf.some((part) => schemaViolations(value, part, root, at).length === 0)) errors.push(`${at}: matches no anyOf branch`);
  if (Array.isArray(schema.oneOf) && schema.oneOf.filter((part) => schemaViolations(value, part, root, at).length === 0).length !== 1) errors.push(`${at}: must match exactly one oneOf branch`);

  const types = schema.type === undefined ? undefined : Array.isArray(schema.type) ? schema.type : [schema.type];
  if (types !== undefined) {
    const allowed = schema.nullable === true ? [...types, 'null'] : types;
    if (!allowed.some((type) => typeMatches(value, type))) return [...errors, `${at}: expected ${allowed.join(' | ')}, got ${JSON.stringify(value)}`];
  }

  if (typeof value === 'string') {
    if (typeof schema.minLength === 'number' && value.length < schema.minLength) errors.push(`${at}: shorter than ${schema.minLength}`);
    if (typeof schema.maxLength === 'number' && value.length > schema.maxLength) errors.push(`${at}: longer than ${schema.maxLength}`);
    if (schema.format === 'date-time' && Number.isNaN(Date.parse(value))) errors.push(`${at}: not a date-time`);
    if (schema.format === 'email' && !/^[^@\s]+@[^@\s]+$/.test(value)) errors.push(`${at}: not an email`);
  }
  if (typeof value === 'number') {
    if (typeof schema.minimum === 'number' && value < schema.minimum) errors.push(`${at}: below minimum`);
    if (typeof schema.maximum === 'number' && value > schema.maximum) errors.push(`${at}: above maximum`);
    if (typeof schema.exclusiveMinimum === 'number' && value <= schema.exclusiveMinimum) errors.push(`${at}: not above exclusiveMinimum`);
    if (typeof schema.exclusiveMaximum === 'number' && value >= schema.exclusiveMaximum) errors.push(`${at}: not below exclusiveMaximum`);
    if (typeof schema.multipleOf === 'number' && Math.abs(value / schema.multipleOf - Math.round(value / schema.multipleOf)) > 1e-9) errors.push(`${at}: not a multiple of ${schema.multipleOf}`);
  }
  if (Array.isArray(value)) {
    if (typeof schema.minItems === 'number' && value.length < schema.minItems) errors.push(`${at}: fewer than ${schema.minItems} items`);
    if (typeof schema.maxItems === 'number' && value.length > schema.maxItems) errors.push(`${at}: more than ${schema.maxItems} items`);
    const prefix = Array.isArray(schema.prefixItems) ? schema.prefixItems : [];
    value.forEach((item, index) => {
      const itemSchema = index < prefix.length ? prefix[index] : schema.items;
      errors.push(...schemaViolations(item, itemSchema, root, `${at}[${index}]`));
    });
  }
  if (isRecord(value)) {
    const properties: JsonObject = isRecord(schema.properties) ? schema.properties : {};
    if (Array.isArray(schema.required)) for (const name of schema.required) if (typeof name === 'string' && !(name in value)) errors.push(`${at}: missing '${name}'`);
    for (const [name, item] of Object.entries(value)) {
      if (name in properties) errors.push(...schemaViolations(item, properties[name], root, `${at}.${name}`));
      else if (schema.additionalProperties === false) errors.push(`${at}: unexpected property '${name}'`);
    }
  }
  return errors;
}

function typeMatches(value: unknown, type: unknown): boolean {
  switch (type) {
    case 'object':
      return isRecord(value);
    case 'array':
      return Array.isArray(value);
    case 'string':
      return typeof value === 'string';
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value);
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'boolean':
      return typeof value === 'boolean';
    case 'null':
      return value === null;
    default:
      return false;
  }
}

function pointer(root: unknown, ref: string): unknown {
  if (ref === '#') return root;
  let node = root;
  for (const part of ref.replace(/^#\//, '').split('/')) node = isRecord(node) ? node[part.replace(/~1/g, '/').replace(/~0/g, '~')] : undefined;
  return node;
}
