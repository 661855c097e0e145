import 'reflect-metadata';
import { plainToInstance, Type } from 'class-transformer';
import { IsInt, IsNumber, IsOptional, IsString, Length, Max, Min, ValidateNested, validate, validateSync } from 'class-validator';
import { decimalPlaces, flattenValidationErrors, IsFiniteDecimal } from './validation.util';

class Inner {
  @IsOptional() @IsNumber() @Min(0) @Max(10) price?: number;
}

class Outer {
  @IsString() @Length(1, 5) name!: string;
  @IsInt() @Min(1) count!: number;
  @ValidateNested() @Type(() => Inner) inner!: Inner;
}

describe('flattenValidationErrors', () => {
  it('names nested fields by path, refuses unknown ones, and gives one message per field (the type first)', async () => {
    const instance = plainToInstance(Outer, { name: '', count: 'many', inner: { price: 'x', extra: true }, surprise: 1 });
    const errors = await validate(instance, { whitelist: true, forbidNonWhitelisted: true });
    const details = flattenValidationErrors(errors);
    const byField = (a: { field: string }, b: { field: string }): number => a.field.localeCompare(b.field);
    expect([...details].sort(byField)).toEqual(
      [
      { field: 'name', message: 'name must be longer than or equal to 1 characters' },
      { field: 'count', message: 'count must be an integer number' },
      { field: 'inner.price', message: 'price must be a number conforming to the specified constraints' },
      { field: 'inner.extra', message: 'inner.extra is not a known field; remove it.' },
      { field: 'surprise', message: 'surprise is not a known field; remove it.' },
      ].sort(byField),
    );
  });
});

describe('IsFiniteDecimal', () => {
  class Priced {
    @IsFiniteDecimal(8, { message: 'price must be a number' }) price!: unknown;
  }
  const errors = (price: unknown) => validateSync(Object.assign(new Priced(), { price })).map((e) => Object.values(e.constraints ?? {})[0]);

  it.each([0, 0.5, 12.12345678, 1e-8, 1e5])('accepts %p', (price) => {
    expect(errors(price)).toEqual([]);
  });

  it.each([1e-9, 0.123456789, Number.NaN, Number.POSITIVE_INFINITY, '1', null])('refuses %p with the field message, never a crash', (price) => {
    expect(errors(price)).toEqual(['price must be a number']);
  });

  it('counts decimals in exponent notation', () => {
    expect([decimalPlaces(1e-9), decimalPlaces(1.5e-7), decimalPlaces(2.25), decimalPlaces(1e21)]).toEqual([9, 8, 2, 0]);
  });
});
