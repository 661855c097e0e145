/**
 * Checks a value against the subset of JSON Schema that structured output uses
 * (type, properties, required, additionalProperties, items, enum, const). Returns
 * the problems found, empty when the value conforms. Not a general validator: the
 * probe only needs to know whether the model honoured a small, known schema.
 */
export function schemaProblems(schema: unknown, value: unknown, path = '$'): string[] {
  if (typeof schema !== 'object' || schema === null) return [];
  const s = schema as Record<string, unknown>;
  const problems: string[] = [];
  if (Array.isArray(s['enum']) && !s['enum'].some((option) => JSON.stringify(option) === JSON.stringify(value))) {
    problems.push(`${path} is not one of the allowed values`);
  }
  if ('const' in s && JSON.stringify(s['const']) !== JSON.stringify(value)) problems.push(`${path} is not the required constant`);
  const types = Array.isArray(s['type']) ? (s['type'] as unknown[]) : s['type'] === undefined ? [] : [s['type']];
  if (types.length > 0 && !types.some((type) => matchesType(type, value))) {
    problems.push(`${path} should be ${types.join(' or ')}, got ${describe(value)}`);
    return problems;
  }
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const object = value as Record<string, unknown>;
    const properties = typeof s['properties'] === 'object' && s['properties'] !== null ? (s['properties'] as Record<string, unknown>) : {};
    for (const key of Array.isArray(s['required']) ? (s['required'] as unknown[]) : []) {
      if (typeof key === 'string' && !(key in object)) problems.push(`${path}.${key} is required`);
    }
    for (const [key, child] of Object.entries(object)) {
      if (key in properties) problems.push(...schemaProblems(properties[key], child, `${path}.${key}`));
      else if (s['additionalProperties'] === false) problems.push(`${path}.${key} is not allowed`);
    }
  }
  if (Array.isArray(value) && typeof s['items'] === 'object') {
    value.forEach((item, index) => problems.push(...schemaProblems(s['items'], item, `${path}[${index}]`)));
  }
  return problems;
}

function matchesType(type: unknown, value: unknown): boolean {
  switch (type) {
    case 'object':
      return typeof value === 'object' && value !== null && !Array.isArray(value);
    case 'array':
      return Array.isArray(value);
    case 'string':
      return typeof value === 'string';
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value);
    case 'boolean':
      return typeof value === 'boolean';
    case 'null':
      return value === null;
    default:
      return true;
  }
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}
