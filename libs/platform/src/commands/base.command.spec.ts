import 'reflect-metadata';
import { plainToInstance, Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsDate, IsInstance, IsInt, IsNumber, IsOptional, IsString, Length, Max, Min, ValidateNested, validate } from 'class-validator';
import { BaseCommand, CommandValidationError } from './base.command';
import { flattenValidationErrors, structuralProblems } from './field-errors';

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

describe('BaseCommand', () => {
  class EventCommand extends BaseCommand {
    @IsString() name!: string;
    @Type(() => Date) @IsDate() at!: Date;
  }

  it('refuses data with a nested constructor key as invalid, not a crash (retried for ever)', () => {
    expect(() => EventCommand.create(JSON.parse('{"name": "x", "at": 0, "checks": [{"constructor": "y"}]}'))).toThrow(CommandValidationError);
  });

  it('builds a typed instance, drops unknown fields and names every bad one', () => {
    const command = EventCommand.create({ name: 'x', at: '2026-01-01T00:00:00Z', later: 1 });
    expect(command).toBeInstanceOf(EventCommand);
    expect(command.at).toEqual(new Date('2026-01-01T00:00:00Z'));
    expect(command).not.toHaveProperty('later');
    try {
      EventCommand.create({ name: 3 });
      throw new Error('expected a CommandValidationError');
    } catch (error) {
      expect(error).toBeInstanceOf(CommandValidationError);
      const invalid = error as CommandValidationError;
      expect([invalid.code, invalid.details.map((d) => d.field).sort(), invalid.message]).toEqual(['validation_failed', ['at', 'name'], 'The request is invalid: check name, at.']);
    }
  });
});

describe('BaseCommand.compose', () => {
  class PartCommand extends BaseCommand {
    @IsString() @Length(1, 5) name!: string;
  }
  class BatchCommand extends BaseCommand {
    @IsArray() @ArrayMinSize(1) @ArrayMaxSize(2) @IsInstance(PartCommand, { each: true }) parts!: PartCommand[];
  }

  it('keeps the parts as they were built (the same instances) and checks only its own rules', () => {
    const parts = [PartCommand.create({ name: 'a' }), PartCommand.create({ name: 'b' })];
    const batch = BatchCommand.compose({ parts });
    expect(batch).toBeInstanceOf(BatchCommand);
    expect(batch.parts[0]).toBe(parts[0]);
    expect(batch.parts[1]).toBe(parts[1]);
  });

  it('refuses parts that break its rules, naming the field', () => {
    const part = PartCommand.create({ name: 'a' });
    expect(() => BatchCommand.compose({ parts: [] })).toThrow('check parts');
    expect(() => BatchCommand.compose({ parts: [part, part, part] })).toThrow(CommandValidationError);
    // Not a command built by create (an object literal) is refused.
    expect(() => BatchCommand.compose({ parts: [{ name: 'a' } as PartCommand] })).toThrow(CommandValidationError);
  });
});

describe('structuralProblems', () => {
  it('walks a shared or cyclic object once, so a non-JSON value cannot make it loop or explode', () => {
    const shared: Record<string, unknown> = { leaf: 1 };
    const cyclic: Record<string, unknown> = { a: shared, b: shared };
    cyclic['self'] = cyclic;
    expect(structuralProblems(cyclic)).toEqual([]);
    // A wide graph whose paths multiply at every level is still linear in its objects.
    let level: Record<string, unknown> = { end: true };
    for (let i = 0; i < 30; i++) level = { left: level, right: level };
    expect(structuralProblems(level)).toEqual([]);
  });
});
