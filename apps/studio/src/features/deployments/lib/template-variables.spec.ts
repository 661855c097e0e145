import { readTemplate, reconcileVariables, variablesOf } from './template-variables';

describe('readTemplate', () => {
  it('finds plain and unescaped variables once each, in order of first use, and ignores comments', () => {
    const reading = readTemplate('Hi {{name}}, {{{raw}}} {{& amp}} {{! a note }} bye {{name}}');
    expect(reading.error).toBeNull();
    expect(reading.variables).toEqual(['name', 'raw', 'amp']);
  });

  it('says why the registry would refuse sections, partials and bad names', () => {
    expect(readTemplate('{{#vip}}dear{{/vip}}').error).toMatch(/sections/);
    expect(readTemplate('{{> footer}}').error).toMatch(/partials/);
    expect(readTemplate('{{user.name}}').error).toMatch(/uses {{user.name}}: a variable name is a letter/);
    expect(readTemplate('{{user.name}}').variables).toEqual([]);
  });

  it('cuts the text into runs and tags that join back to the text', () => {
    const text = 'Answer {{question}} in {{language}}.';
    const reading = readTemplate(text);
    expect(reading.segments).toEqual([
      { kind: 'text', text: 'Answer ' },
      { kind: 'variable', text: '{{question}}', name: 'question' },
      { kind: 'text', text: ' in ' },
      { kind: 'variable', text: '{{language}}', name: 'language' },
      { kind: 'text', text: '.' },
    ]);
    expect(reading.segments.map((s) => s.text).join('')).toBe(text);
  });

  it('still highlights both the opening and the closing tag of a refused section', () => {
    const text = '{{#vip}}dear{{/vip}}';
    const tags = readTemplate(text).segments.filter((s) => s.kind === 'variable').map((s) => s.text);
    expect(tags).toEqual(['{{#vip}}', '{{/vip}}']);
    expect(readTemplate(text).segments.map((s) => s.text).join('')).toBe(text);
  });

  it('reports an unclosed section instead of guessing, keeping the text', () => {
    const reading = readTemplate('Hello {{#open}} never closed');
    expect(reading.error).toMatch(/open/);
    expect(reading.variables).toEqual([]);
    expect(reading.segments).toEqual([{ kind: 'text', text: 'Hello {{#open}} never closed' }]);
  });

  it('has no variable in plain text or a lone brace', () => {
    expect(readTemplate('price: {5} and } {').variables).toEqual([]);
  });
});

describe('variablesOf', () => {
  it('merges the variables of several messages without repeats', () => {
    expect(variablesOf(['You are {{persona}}.', '{{question}} ({{persona}})'])).toEqual(['persona', 'question']);
  });
});

describe('reconcileVariables', () => {
  it('marks declared-and-used, declared-but-unused and used-but-undeclared variables', () => {
    const rows = reconcileVariables(
      [
        { name: 'question', required: true },
        { name: 'tone', required: false, defaultValue: 'friendly' },
      ],
      ['question', 'language'],
    );
    expect(rows).toEqual([
      { name: 'question', required: true, state: 'ok' },
      { name: 'tone', required: false, defaultValue: 'friendly', state: 'unused' },
      { name: 'language', required: true, state: 'undeclared' },
    ]);
  });
});
