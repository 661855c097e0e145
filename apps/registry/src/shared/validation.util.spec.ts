import 'reflect-metadata';
import { IsOptional, validateSync } from 'class-validator';
import { numberRule, textRule } from '@model-garden/contracts';
import { flattenValidationErrors } from '@model-garden/platform';
import { FollowsRule } from './validation.util';

describe('FollowsRule', () => {
  const price = numberRule('price', { min: 0, max: 10, typeMessage: 'price must be a number', minMessage: 'price must not be negative', maxDecimalPlaces: 8 });
  class Priced {
    @FollowsRule(price) price!: unknown;
  }
  class Named {
    @IsOptional() @FollowsRule(textRule('name', { min: 1, max: 5, patterns: [{ pattern: /\S/, message: 'name must not be blank' }] })) name?: unknown;
  }
  const errors = (target: object): string[] => validateSync(target).map((e) => Object.values(e.constraints ?? {})[0] ?? '');

  it.each([0, 0.5, 9.12345678, 1e-8, 10])('accepts %p', (value) => {
    expect(errors(Object.assign(new Priced(), { price: value }))).toEqual([]);
  });

  it.each([1e-9, 0.123456789, Number.NaN, Number.POSITIVE_INFINITY, '1', null])('refuses %p with the type message, never a crash', (value) => {
    expect(errors(Object.assign(new Priced(), { price: value }))).toEqual(['price must be a number']);
  });

  it('gives one message per field, the most basic rule broken, through the pipe\'s flattening', () => {
    const details = flattenValidationErrors(validateSync(Object.assign(new Priced(), { price: -1e-9 }), { validationError: { target: false, value: false } }));
    expect(details).toEqual([{ field: 'price', message: 'price must not be negative' }]);
    expect(errors(Object.assign(new Priced(), { price: 11 }))).toEqual(['price must be between 0 and 10']);
  });

  it('leaves optional fields to @IsOptional and checks strings in order', () => {
    expect(errors(new Named())).toEqual([]);
    expect(errors(Object.assign(new Named(), { name: '' }))).toEqual(['name must be 1 to 5 characters']);
    expect(errors(Object.assign(new Named(), { name: '   ' }))).toEqual(['name must not be blank']);
    expect(errors(Object.assign(new Named(), { name: 7 }))).toEqual(['name must be a string']);
  });
});
