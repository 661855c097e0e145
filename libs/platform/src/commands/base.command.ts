import { ERROR_CODES, type FieldError } from '@model-garden/contracts';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { flattenValidationErrors, structuralProblems } from './field-errors';

/** A command that could not be built: every bad field, named by its path. Each app's filter maps it to its transport. */
export class CommandValidationError extends Error {
  override readonly name = 'CommandValidationError';
  readonly code = ERROR_CODES.validationFailed;

  constructor(readonly details: FieldError[]) {
    const fields = [...new Set(details.map((d) => d.field))];
    super(`The request is invalid: check ${fields.join(', ')}.`);
  }
}

/**
 * The input of one use case, validated when it is built: a use case never sees an
 * invalid command, whether it came from REST (after the DTO pipe), gRPC, Kafka or a
 * job queue. Declare the fields with class-validator decorators (every field needs
 * one: undecorated fields are dropped) and build with `XCommand.create({...})`.
 *
 * Unknown fields are dropped, not refused: producers may add fields before consumers
 * know them. `constructor`, `__proto__` and `prototype` keys and absurd nesting are
 * refused before class-transformer reads them.
 */
export abstract class BaseCommand {
  /** Makes commands nominal: an object literal is not a command, `XCommand.create()` builds one. */
  declare private readonly validatedCommand: true;

  static create<T extends BaseCommand>(this: new () => T, data: unknown): T {
    // class-transformer fails on a nested `constructor` key (and recursion has a limit): such data is invalid, not a crash to retry.
    const structural = structuralProblems(data);
    if (structural.length > 0) throw new CommandValidationError(structural);
    const instance = plainToInstance(this, data ?? {});
    const errors = validateSync(instance, { whitelist: true, forbidUnknownValues: false, validationError: { target: false, value: false } });
    if (errors.length > 0) throw new CommandValidationError(flattenValidationErrors(errors));
    return instance;
  }

  /**
   * Builds a command from parts that are already valid commands (a batch of them): only
   * its own rules are checked, nothing is transformed again. `create` would walk and
   * re-instantiate every part, which costs more than validating it did.
   */
  static compose<T extends BaseCommand>(this: new () => T, parts: { [K in keyof T]: T[K] }): T {
    const instance = Object.assign(new this(), parts);
    const errors = validateSync(instance, { whitelist: true, forbidUnknownValues: false, validationError: { target: false, value: false } });
    if (errors.length > 0) throw new CommandValidationError(flattenValidationErrors(errors));
    return instance;
  }
}

