import { fillPlaceholders, placeholderNames, unknownPlaceholders } from './placeholders';

describe('experiment placeholders', () => {
  it('lists each name once, in order of first use, with or without spaces in the braces', () => {
    expect(placeholderNames('{{ city }} then {{date}}, {{city}} and {{user.name}} and {{x-y}}')).toEqual(['city', 'date', 'user.name', 'x-y']);
  });

  it('fills known names as written (no escaping), null as empty, numbers and booleans as text', () => {
    expect(fillPlaceholders('Q: {{q}} | {{ n }} | {{flag}} | {{none}}', { q: '<b> & "x"', n: 3, flag: false, none: null })).toBe('Q: <b> & "x" | 3 | false | ');
  });

  it('leaves unknown names, prototype keys and braces that are not placeholders as written', () => {
    const text = 'Hi {{missing}}, {{constructor}} {{#section}} {{ 1bad }} {{';
    expect(fillPlaceholders(text, { other: 'x' })).toBe(text);
  });

  it('does not fill a value into the text a filled value brings in', () => {
    expect(fillPlaceholders('{{a}}', { a: '{{b}}', b: 'no' })).toBe('{{b}}');
  });

  it('names what between braces is not one of the allowed placeholders', () => {
    expect(unknownPlaceholders('{{input}} {{ output }} {{answer}} {{answer}} {{#each}}', ['input', 'output', 'expected'])).toEqual(['answer', '#each']);
    expect(unknownPlaceholders('{{input}} and {{ expected }}', ['input', 'output', 'expected'])).toEqual([]);
  });
});
