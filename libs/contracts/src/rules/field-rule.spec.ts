import { checkRule, decimalPlaces, enumRule, integerRule, numberRule, ruleSchema, textRule } from './field-rule';

describe('field rules', () => {
  it('checks text: its type, then its length, then each pattern in order', () => {
    const rule = textRule('code', { min: 2, max: 4, patterns: [{ pattern: /^[a-z]+$/, message: 'code must be lower-case letters' }] });
    expect([checkRule(rule, 'ab'), checkRule(rule, 'abcd')]).toEqual([null, null]);
    expect(checkRule(rule, 12)).toBe('code must be a string');
    expect(checkRule(rule, 'A')).toBe('code must be 2 to 4 characters');
    expect(checkRule(rule, 'AB')).toBe('code must be lower-case letters');
    expect(checkRule(textRule('note', { max: 3 }), 'long')).toBe('note must be at most 3 characters');
    expect(checkRule(textRule('free'), 'anything at all')).toBeNull();
  });

  it('checks numbers: a finite number (or integer), then the range, then decimal places', () => {
    const price = numberRule('price', { min: 0, max: 10, maxDecimalPlaces: 2, minMessage: 'price must not be negative' });
    expect([checkRule(price, 0), checkRule(price, 10), checkRule(price, 9.99)]).toEqual([null, null, null]);
    expect([checkRule(price, Number.NaN), checkRule(price, Number.POSITIVE_INFINITY), checkRule(price, '1'), checkRule(price, null)]).toEqual(Array(4).fill('price must be a number'));
    expect(checkRule(price, -0.001)).toBe('price must not be negative');
    expect(checkRule(price, 11)).toBe('price must be between 0 and 10');
    expect(checkRule(price, 1.234)).toBe('price must be a number');
    const count = integerRule('count', 1, 5);
    expect([checkRule(count, 1.5), checkRule(count, 0), checkRule(count, 6), checkRule(count, 5)]).toEqual([
      'count must be an integer',
      'count must be at least 1',
      'count must be at most 5',
      null,
    ]);
  });

  it('checks enums by value, whatever the type sent', () => {
    const colour = enumRule('colour', ['red', 'green'] as const);
    expect([checkRule(colour, 'red'), checkRule(colour, 'blue'), checkRule(colour, 1)]).toEqual([null, 'colour must be one of: red, green', 'colour must be one of: red, green']);
    expect(ruleSchema(colour)).toEqual({ type: 'string', enum: ['red', 'green'] });
  });

  it('counts decimal places the way JSON carries the number, exponent notation included', () => {
    expect([decimalPlaces(1), decimalPlaces(0.59), decimalPlaces(1e-9), decimalPlaces(1.5e-7), decimalPlaces(2.25), decimalPlaces(1e21)]).toEqual([0, 2, 9, 8, 2, 0]);
  });
});
