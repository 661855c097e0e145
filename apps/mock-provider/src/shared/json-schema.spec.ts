import { jsonSchemaProblems } from '@model-garden/contracts';
import { generateFromSchema } from './json-schema';

const schemas: Record<string, object> = {
  'strict object': {
    type: 'object',
    properties: {
      name: { type: 'string' },
      age: { type: 'integer', minimum: 18, maximum: 99 },
      score: { type: 'number', exclusiveMinimum: 0, exclusiveMaximum: 1 },
      active: { type: 'boolean' },
      tags: { type: 'array', items: { type: 'string', minLength: 12 }, minItems: 3, maxItems: 5 },
      colour: { type: 'string', enum: ['red', 'green'] },
      kind: { const: 'person' },
      nickname: { type: ['string', 'null'] },
      email: { type: 'string', format: 'email' },
      born: { type: 'string', format: 'date-time' },
    },
    required: ['name', 'age', 'score', 'active', 'tags', 'colour', 'kind', 'nickname', 'email', 'born'],
    additionalProperties: false,
  },
  'anyOf, nullable, short strings': {
    type: 'object',
    properties: {
      id: { anyOf: [{ type: 'integer', multipleOf: 5, minimum: 7 }, { type: 'string' }] },
      note: { type: 'string', nullable: true, maxLength: 2 },
      code: { type: 'string', minLength: 10, maxLength: 10 },
    },
    required: ['id', 'note', 'code'],
  },
  'defs and refs (zod/pydantic style)': {
    $defs: { Step: { type: 'object', properties: { explanation: { type: 'string' }, output: { type: 'string' } }, required: ['explanation', 'output'], additionalProperties: false } },
    type: 'object',
    properties: { steps: { type: 'array', items: { $ref: '#/$defs/Step' } }, final_answer: { type: 'string' } },
    required: ['steps', 'final_answer'],
    additionalProperties: false,
  },
  'recursive tree': {
    $defs: { Node: { type: 'object', properties: { value: { type: 'integer' }, children: { type: 'array', items: { $ref: '#/$defs/Node' } } }, required: ['value', 'children'] } },
    $ref: '#/$defs/Node',
  },
  'allOf merge': {
    allOf: [{ type: 'object', properties: { a: { type: 'string' } }, required: ['a'] }, { properties: { b: { type: 'number', maximum: -3 } }, required: ['b'] }],
  },
  'tuple and untyped members': {
    type: 'array',
    prefixItems: [{ type: 'integer' }, { type: 'boolean' }, { type: 'null' }],
    items: false,
    minItems: 3,
  },
};

describe('generateFromSchema', () => {
  it.each(Object.entries(schemas))('produces a valid value for %s', (_name, schema) => {
    const value = generateFromSchema(schema);
    expect(jsonSchemaProblems(schema, value)).toEqual([]);
  });

  it('is deterministic', () => {
    for (const schema of Object.values(schemas)) expect(JSON.stringify(generateFromSchema(schema))).toBe(JSON.stringify(generateFromSchema(schema)));
  });

  it('fills required properties that the schema does not describe', () => {
    expect(generateFromSchema({ type: 'object', required: ['x'] })).toEqual({ x: 'mock' });
  });

  it('terminates on a schema with no finite instance', () => {
    const schema = { $defs: { Loop: { type: 'object', properties: { next: { $ref: '#/$defs/Loop' } }, required: ['next'] } }, $ref: '#/$defs/Loop' };
    expect(() => JSON.stringify(generateFromSchema(schema))).not.toThrow();
  });
});
