import { createJsonSchemaAjv, jsonSchemaProblems } from './json-schema-check';

const ANSWER = { type: 'object', properties: { answer: { type: 'string' } }, required: ['answer'], additionalProperties: false };

describe('jsonSchemaProblems', () => {
  it('is empty for a conforming value', () => {
    expect(jsonSchemaProblems(ANSWER, { answer: 'ok' })).toEqual([]);
  });

  it('names each problem with the value path, in a sentence', () => {
    expect(jsonSchemaProblems(ANSWER, { reply: 'ok' })).toEqual(['$.answer is required', '$.reply is not allowed']);
    expect(jsonSchemaProblems(ANSWER, { answer: 3 })).toEqual(['$.answer should be string, got a number']);
    expect(jsonSchemaProblems(ANSWER, 'ok')).toEqual(['$ should be object, got a string']);
    expect(jsonSchemaProblems({ type: 'array', items: { enum: [1, 2] } }, [1, 3])).toEqual(['$[1] is not one of the allowed values']);
    expect(jsonSchemaProblems({ const: 'x' }, 'y')).toEqual(['$ is not the required constant']);
    expect(jsonSchemaProblems({ type: ['string', 'null'] }, 1)).toEqual(['$ should be string or null, got a number']);
    expect(jsonSchemaProblems({ type: 'object', properties: { 'a/b': { type: 'array', items: { type: 'integer' } } } }, { 'a/b': [1, 'x'] })).toEqual([
      '$.a/b[1] should be integer, got a string',
    ]);
  });

  it('checks formats, bounds, composition, $ref and OpenAPI nullable', () => {
    expect(jsonSchemaProblems({ type: 'string', format: 'email' }, 'not-an-address')).toEqual(['$ must match format "email"']);
    expect(jsonSchemaProblems({ type: 'string', format: 'date-time' }, '2026-12-03T10:00:00Z')).toEqual([]);
    expect(jsonSchemaProblems({ type: 'integer', minimum: 1, multipleOf: 2 }, -1)).toEqual(['$ must be >= 1', '$ must be multiple of 2']);
    expect(jsonSchemaProblems({ oneOf: [{ type: 'string' }, { type: 'integer' }] }, true)).toContain('$ must match exactly one schema in oneOf');
    const withRef = { $defs: { n: { type: 'number' } }, type: 'object', properties: { x: { $ref: '#/$defs/n' } } };
    expect(jsonSchemaProblems(withRef, { x: 'one' })).toEqual(['$.x should be number, got a string']);
    expect(jsonSchemaProblems({ type: 'string', nullable: true }, null)).toEqual([]);
    expect(jsonSchemaProblems(false, 1)).toEqual(['$ boolean schema is false']);
  });

  it('checks nothing against a non-schema, and reports an invalid schema as one problem', () => {
    expect(jsonSchemaProblems(undefined, 1)).toEqual([]);
    expect(jsonSchemaProblems({ type: 'no-such-type' }, 1)).toEqual([expect.stringMatching(/^the schema itself is invalid: /)]);
  });

  it('resolves $refs into documents added to a given ajv', () => {
    const ajv = createJsonSchemaAjv();
    ajv.addSchema({ components: { schemas: { id: { type: 'string', minLength: 2 } } } }, 'doc');
    expect(jsonSchemaProblems({ $ref: 'doc#/components/schemas/id' }, 'a', ajv)).toEqual(['$ must NOT have fewer than 2 characters']);
  });
});
