import { inflateSync } from 'node:zlib';
import { jsonSchemaProblems } from '@model-garden/contracts';
import { closeMatches, editDistance } from './close-matches';
import { PROBE_IMAGE_DATA_URL, PROBE_SCHEMA, solidPng } from './probe-fixtures';

describe('probe helpers', () => {
  it('suggests the closest listed model ids', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    const ids = ['mock-chat', 'mock-chat-basic', 'mock-embed', 'llama-3.3-70b-versatile', 'meta-llama/Llama-3.3-70B-Instruct-Turbo'];
    expect(closeMatches('mock-chatt', ids)).toEqual(['mock-chat']);
    expect(closeMatches('mock-cha', ids)).toEqual(['mock-chat', 'mock-chat-basic']);
    expect(closeMatches('llama-3.3-70b', ids)).toContain('llama-3.3-70b-versatile');
    expect(closeMatches('gpt-4o', ids)).toEqual([]);
  });

  it('checks values against the structured-output schema', () => {
    expect(jsonSchemaProblems(PROBE_SCHEMA, { answer: 'ok' })).toEqual([]);
    expect(jsonSchemaProblems(PROBE_SCHEMA, { reply: 'ok' })).toEqual(['$.answer is required', '$.reply is not allowed']);
    expect(jsonSchemaProblems(PROBE_SCHEMA, { answer: 3 })).toEqual(['$.answer should be string, got a number']);
    expect(jsonSchemaProblems(PROBE_SCHEMA, 'ok')).toEqual(['$ should be object, got a string']);
    expect(jsonSchemaProblems({ type: 'array', items: { enum: [1, 2] } }, [1, 3])).toEqual(['$[1] is not one of the allowed values']);
  });

  it('builds a valid tiny PNG for the vision probe', () => {
    const png = solidPng(2, 1, [255, 0, 0]);
    expect(png.subarray(1, 4).toString('ascii')).toBe('PNG');
    const idatLength = png.readUInt32BE(33);
    expect(png.subarray(37, 41).toString('ascii')).toBe('IDAT');
    expect([...inflateSync(png.subarray(41, 41 + idatLength))]).toEqual([0, 255, 0, 0, 255, 0, 0]);
    expect(PROBE_IMAGE_DATA_URL).toMatch(/^data:image\/png;base64,[A-Za-z0-9+/=]+$/);
    expect(PROBE_IMAGE_DATA_URL.length).toBeLessThan(400);
  });
});
