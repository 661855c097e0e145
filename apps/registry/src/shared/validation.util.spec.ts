import 'reflect-metadata';
import { plainToInstance, Type } from 'class-transformer';
import { IsInt, IsNumber, IsOptional, IsString, Length, Max, Min, ValidateNested, validate } from 'class-validator';
import { flattenValidationErrors } from './validation.util';

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
