import { Readable } from 'node:stream';
import { RegistryException } from '../shared/registry.exception';
import { parseDatasetFile } from './dataset-file.parser';

const file = (text: string): Readable => Readable.from([Buffer.from(text)]);

async function problemsOf(promise: Promise<unknown>): Promise<RegistryException> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof RegistryException) return error;
    throw error;
  }
  throw new Error('expected the file to be refused');
}

describe('parseDatasetFile: JSONL', () => {
  it('reads one datapoint per line, skipping blank lines, with defaults filled in', async () => {
    const rows = await parseDatasetFile(file('{"inputs":{"city":"Paris"},"expectedOutput":"France"}\n\n{"messages":[{"role":"user","content":"Hi"}]}\r\n'), 'jsonl');
    expect(rows).toEqual([
      { inputs: { city: 'Paris' }, messages: null, expectedOutput: 'France', metadata: {} },
      { inputs: {}, messages: [{ role: 'user', content: 'Hi' }], expectedOutput: null, metadata: {} },
    ]);
  });

  it('names the line and the field of every bad row, and imports nothing', async () => {
    const error = await problemsOf(
      parseDatasetFile(file(['{"inputs":{"a":"1"}}', 'not json', '{"inputs":{"city":{"nested":true}}}', '{"inputs":{"a":"1"},"expectedOutput":42,"extra":1}'].join('\n')), 'jsonl'),
    );
    expect(error.code).toBe('validation_failed');
    expect(error.details!.map((d) => d.field)).toEqual(['line 2', 'line 3.inputs.city', 'line 4.extra', 'line 4.expectedOutput']);
    expect(error.message).toContain('nothing was imported');
    expect(error.details![1]!.message).toContain('must be a string, a number, a boolean or null');
  });

  it('refuses a file with more rows than a dataset holds', async () => {
    const text = Array.from({ length: 4 }, (_, i) => JSON.stringify({ inputs: { i } })).join('\n');
    const error = await problemsOf(parseDatasetFile(file(text), 'jsonl', { maxBytes: 1_000_000, maxRows: 3 }));
    expect(error.details).toEqual([{ field: 'file', message: expect.stringContaining('more than 3 rows') }]);
  });

  it('refuses a file over the byte limit with a 413', async () => {
    const error = await problemsOf(parseDatasetFile(file('{"inputs":{"a":"' + 'x'.repeat(200) + '"}}'), 'jsonl', { maxBytes: 100, maxRows: 10 }));
    expect(error.httpStatus).toBe(413);
  });

  it('refuses an empty file', async () => {
    const error = await problemsOf(parseDatasetFile(file('\n\n'), 'jsonl'));
    expect(error.details![0]!.field).toBe('file');
  });
});

describe('parseDatasetFile: CSV', () => {
  it('maps headers to inputs, expected output, messages and metadata', async () => {
    const rows = await parseDatasetFile(
      file('input.city,country,expected_output,metadata.source,messages\nParis,France,"Paris, France",atlas,"[{""role"":""user"",""content"":""Where?""}]"\nLyon,France,,,\n'),
      'csv',
    );
    expect(rows).toEqual([
      { inputs: { city: 'Paris', country: 'France' }, messages: [{ role: 'user', content: 'Where?' }], expectedOutput: 'Paris, France', metadata: { source: 'atlas' } },
      { inputs: { city: 'Lyon', country: 'France' }, messages: null, expectedOutput: null, metadata: {} },
    ]);
  });

  it('names the line and the field of a bad cell', async () => {
    const error = await problemsOf(parseDatasetFile(file('city,messages,metadata\nParis,[],\nLyon,not json,[1]\n'), 'csv'));
    expect(error.details!.map((d) => d.field)).toEqual(['line 2.messages', 'line 3.messages', 'line 3.metadata']);
  });

  it('names the line where the CSV itself is broken', async () => {
    const error = await problemsOf(parseDatasetFile(file('a,b\n1,2\n3,4,5\n'), 'csv'));
    expect(error.details![0]!.field).toBe('line 3');
  });

  it('refuses a bad variable name from a header', async () => {
    const error = await problemsOf(parseDatasetFile(file('input.1bad\nx\n'), 'csv'));
    expect(error.details![0]!.field).toBe('line 2.inputs.1bad');
  });
});
