import { columnsProblems, datapointProblems, evaluatorConfigProblems } from './experiment-rules';

const fields = (problems: { field: string }[]) => problems.map((p) => p.field);

describe('datapointProblems', () => {
  it('accepts inputs, messages, expected output and metadata', () => {
    expect(datapointProblems({ inputs: { city: 'Paris', n: 2, ok: true, none: null }, messages: [{ role: 'user', content: 'Hi' }], expectedOutput: 'x', metadata: { a: [1] } }, 'datapoints[0]')).toEqual([]);
  });

  it('names every bad field by its path', () => {
    const problems = datapointProblems({ inputs: { city: { nested: 1 }, '1bad': 'x', __proto__x: 'y' }, messages: [{ role: 'robot', content: 3 }], expectedOutput: 42, extra: true }, 'datapoints[3]');
    expect(fields(problems)).toEqual([
      'datapoints[3].extra',
      'datapoints[3].inputs.city',
      'datapoints[3].inputs.1bad',
      'datapoints[3].messages[0].role',
      'datapoints[3].messages[0].content',
      'datapoints[3].expectedOutput',
    ]);
  });

  it('needs inputs or messages, and refuses a non-object', () => {
    expect(fields(datapointProblems({ expectedOutput: 'x' }, 'line 4'))).toEqual(['line 4.inputs']);
    expect(datapointProblems([1], 'line 2')).toEqual([{ field: 'line 2', message: expect.stringContaining('must be an object') }]);
  });
});

describe('evaluatorConfigProblems', () => {
  it('accepts each type with good settings', () => {
    expect(evaluatorConfigProblems('contains', { mode: 'all', values: ['a'] })).toEqual([]);
    expect(evaluatorConfigProblems('regex', { pattern: '^a+$', flags: 'i' })).toEqual([]);
    expect(evaluatorConfigProblems('length', { min: 1, max: 10 })).toEqual([]);
    expect(evaluatorConfigProblems('llm_judge', { model: 'm', rubric: 'Rate {{output}} against {{expected}} for {{input}}', scale: { type: 'pass_fail' } })).toEqual([]);
    // The worker fills `{{ output }}` as it fills `{{output}}`, so the check accepts both.
    expect(evaluatorConfigProblems('llm_judge', { model: 'm', rubric: 'Rate {{ output }}', scale: { type: 'pass_fail' } })).toEqual([]);
    expect(evaluatorConfigProblems('valid_json', undefined)).toEqual([]);
  });

  it('names the bad setting', () => {
    expect(fields(evaluatorConfigProblems('contains', { mode: 'some', values: [] }))).toEqual(['config.mode', 'config.values']);
    expect(fields(evaluatorConfigProblems('regex', { pattern: '(' }))).toEqual(['config.pattern']);
    expect(fields(evaluatorConfigProblems('length', { min: 5, max: 2 }))).toEqual(['config.max']);
    expect(fields(evaluatorConfigProblems('llm_judge', { model: '', rubric: 'no output', scale: { type: 'numeric', min: 3, max: 3 } }))).toEqual(['config.model', 'config.rubric', 'config.scale.max']);
    expect(fields(evaluatorConfigProblems('valid_json', { strict: true }))).toEqual(['config.strict']);
    expect(evaluatorConfigProblems('llm_judge', { model: 'm', rubric: 'Judge {{answer}} for {{input}}', scale: { type: 'pass_fail' } }).map((p) => p.message)).toEqual([
      'config.rubric must contain {{output}}, where the answer to judge goes',
      'config.rubric: {{answer}} is not a placeholder; use {{input}}, {{output}} or {{expected}}',
    ]);
    expect(fields(evaluatorConfigProblems('nope', {}))).toEqual(['type']);
  });
});

describe('columnsProblems', () => {
  const model = { kind: 'model', name: 'A', model: 'm', messages: [{ role: 'user', content: '{{q}}' }] };

  it('accepts model and deployment columns, ids defaulting to c1, c2', () => {
    expect(columnsProblems([model, { kind: 'deployment', name: 'B', deployment: 'support', context: { tier: 'pro' } }])).toEqual([]);
  });

  it('refuses duplicate ids, unknown kinds, bad parameters and deployment pins', () => {
    const problems = columnsProblems([
      { ...model, id: 'x' },
      { ...model, id: 'x', parameters: { temperature: 3, maxTokens: 0, unknown: 1 } },
      { kind: 'table', name: 'C' },
      { kind: 'deployment', name: 'D', deployment: 'd', variant: 'a' },
    ]);
    expect(fields(problems)).toEqual(['columns[1].id', 'columns[1].parameters.unknown', 'columns[1].parameters.temperature', 'columns[1].parameters.maxTokens', 'columns[2].kind', 'columns[3].variant']);
    expect(fields(columnsProblems([]))).toEqual(['columns']);
  });
});
