import { type TemplateMessage, type TemplateVariable } from './deployment.types';
import { compileTemplate, renderTemplate, resolveTemplateInputs, stringVariables, templateProblems, templateVariableNames } from './deployment-template';

const messages: TemplateMessage[] = [
  { role: 'system', content: 'You answer for {{company}}. Be {{tone}}.' },
  {
    role: 'user',
    content: [
      { type: 'text', text: 'Question: {{question}} {{! a comment }}' },
      { type: 'image_url', imageUrl: { url: 'https://img.example/{{image}}.png', detail: 'low' } },
    ],
  },
];
const variables: TemplateVariable[] = [
  { name: 'company', required: true },
  { name: 'tone', required: false, default: 'friendly' },
  { name: 'question', required: true },
  { name: 'image', required: false },
];

describe('deployment templates', () => {
  it('lists the variables in order of first use', () => {
    expect(templateVariableNames(messages)).toEqual(['company', 'tone', 'question', 'image']);
    expect(stringVariables('{{a}} and {{{b}}} and {{&c}} and {{a}}').names).toEqual(['a', 'b', 'c']);
  });

  it('accepts a template whose variables are all declared and used', () => {
    expect(templateProblems(messages, variables, 'variants[0]')).toEqual([]);
  });

  it('names a variable used but not declared, at its field path', () => {
    const problems = templateProblems(messages, variables.filter((v) => v.name !== 'question'), 'variants[1]');
    expect(problems).toEqual([
      {
        field: 'variants[1].messages[1].content[0].text',
        message: expect.stringContaining('uses {{question}}, which is not declared'),
      },
    ]);
  });

  it('refuses a variable declared but used nowhere, and one declared twice', () => {
    const problems = templateProblems(messages, [...variables, { name: 'unused', required: false }, { name: 'tone', required: true }], 'variants[0]');
    expect(problems.map((p) => p.field)).toEqual(['variants[0].variables[5].name', 'variants[0].variables[4].name']);
    expect(problems[1]!.message).toContain('"unused" is declared but no message uses it');
  });

  it('refuses sections, partials, bad names and unclosed tags with the reason', () => {
    expect(stringVariables('{{#items}}x{{/items}}').problem).toContain('sections');
    expect(stringVariables('{{> header}}').problem).toContain('partials');
    expect(stringVariables('{{user.name}}').problem).toContain('variable name');
    expect(stringVariables('Hello {{name').problem).toContain('not a valid template');
    const problems = templateProblems([{ role: 'user', content: '{{#list}}{{/list}}' }], [], 'variants[2]');
    expect(problems).toEqual([{ field: 'variants[2].messages[0].content', message: expect.stringContaining('only {{variable}} placeholders are supported') }]);
  });

  it('refuses a default on a required variable', () => {
    const problems = templateProblems([{ role: 'user', content: '{{a}}' }], [{ name: 'a', required: true, default: 'x' }], 'variants[0]');
    expect(problems).toEqual([{ field: 'variants[0].variables[0].default', message: expect.stringContaining('required variable has no default') }]);
  });

  it('renders without HTML escaping, with defaults, and JSON for structured inputs', () => {
    const { values, missing } = resolveTemplateInputs(variables, { company: 'A & B <Ltd>', question: { q: "it's \"quoted\"" }, image: 42 });
    expect(missing).toEqual([]);
    const rendered = renderTemplate(compileTemplate(messages, variables), values);
    expect(rendered).toEqual([
      { role: 'system', content: 'You answer for A & B <Ltd>. Be friendly.' },
      {
        role: 'user',
        content: [
          { type: 'text', text: 'Question: {"q":"it\'s \\"quoted\\""} ' },
          { type: 'image_url', image_url: { url: 'https://img.example/42.png', detail: 'low' } },
        ],
      },
    ]);
  });

  it('lists the required variables the inputs lack (null counts as missing); optional ones without default are empty', () => {
    const { values, missing } = resolveTemplateInputs(variables, { company: null });
    expect(missing).toEqual(['company', 'question']);
    expect(values['image']).toBe('');
  });

  it('never reads inherited properties of the inputs', () => {
    const { values, missing } = resolveTemplateInputs([{ name: 'constructor', required: true }], {});
    expect(missing).toEqual(['constructor']);
    const rendered = renderTemplate(compileTemplate([{ role: 'user', content: 'x{{toString}}y' }], []), values);
    expect(rendered).toEqual([{ role: 'user', content: 'xy' }]);
  });
});
