import { parse } from 'csv-parse/sync';
import { formatOf, previewDataset as preview } from './dataset-preview';

const previewDataset = (text: string, format: 'jsonl' | 'csv') => preview(text, format, parse);

describe('previewDataset (JSONL)', () => {
  it('reads each line as a datapoint, skipping blank lines, and shows the first rows normalised', () => {
    const text = ['{"inputs":{"city":"Paris"},"expectedOutput":"France"}', '', '{"messages":[{"role":"user","content":"hi"}]}'].join('\n');
    const preview = previewDataset(text, 'jsonl');
    expect(preview.rowCount).toBe(2);
    expect(preview.problems).toEqual([]);
    expect(preview.rows).toEqual([
      { inputs: { city: 'Paris' }, messages: null, expectedOutput: 'France', metadata: {} },
      { inputs: {}, messages: [{ role: 'user', content: 'hi' }], expectedOutput: null, metadata: {} },
    ]);
  });

  it('names the line and the field of every problem', () => {
    const text = ['{"inputs":{"city":"Paris"}}', 'not json', '{"inputs":{"city":{"nested":true}}}', '{"inputs":{"a":"b"},"expectedOutput":3}'].join('\n');
    const preview = previewDataset(text, 'jsonl');
    expect(preview.rowCount).toBe(4);
    expect(preview.problems.map((p) => p.field)).toEqual(['line 2', 'line 3.inputs.city', 'line 4.expectedOutput']);
    expect(preview.problems[0]!.message).toMatch(/^line 2 is not JSON/);
    expect(preview.rows).toHaveLength(1);
  });

  it('says when the file has no rows', () => {
    expect(previewDataset('\n\n', 'jsonl').problems).toEqual([{ field: 'file', message: 'The file has no rows: write one JSON object per line.' }]);
  });
});

describe('previewDataset (CSV)', () => {
  it('maps headers to inputs, expected output and metadata like the registry', () => {
    const text = 'input.city,country,expected_output,metadata.source\nParis,France,"The capital, Paris",atlas\n';
    const preview = previewDataset(text, 'csv');
    expect(preview.problems).toEqual([]);
    expect(preview.rows).toEqual([{ inputs: { city: 'Paris', country: 'France' }, messages: null, expectedOutput: 'The capital, Paris', metadata: { source: 'atlas' } }]);
  });

  it('reports a bad JSON cell on its line and a malformed record as unreadable', () => {
    expect(previewDataset('question,messages\nhi,[oops\n', 'csv').problems).toEqual([{ field: 'line 2.messages', message: 'line 2.messages must be a JSON array of {role, content} messages' }]);
    const broken = previewDataset('a,b\n1,2\n3\n', 'csv');
    expect(broken.problems[0]!.field).toBe('line 3');
    expect(broken.problems[0]!.message).toMatch(/the CSV cannot be read/);
  });
});

describe('formatOf', () => {
  it('knows the format by the file name', () => {
    expect(formatOf('cases.CSV')).toBe('csv');
    expect(formatOf('cases.jsonl')).toBe('jsonl');
    expect(formatOf('cases.ndjson')).toBe('jsonl');
    expect(formatOf('cases.xlsx')).toBeNull();
  });
});
