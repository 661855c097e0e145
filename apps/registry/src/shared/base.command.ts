import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { RegistryException } from './registry.exception';
import { flattenValidationErrors, structuralProblems } from './validation.util';

/**
 * A command is validated when it is built, so a use case never sees an invalid
 * input. Used where input enters without a DTO pipe (Kafka events, gRPC requests).
 * Unknown fields are dropped, not refused: producers may add fields before
 * consumers know them; `constructor`, `__proto__` and `prototype` keys and absurd nesting are refused.
 */
export abstract class BaseCommand {
  static create<T extends object>(this: new () => T, data: unknown): T {
    // class-transformer fails on a nested `constructor` key (and recursion has a limit): such data is invalid, not a crash to retry.
    const structural = structuralProblems(data);
    if (structural.length > 0) throw RegistryException.validation(structural);
    const instance = plainToInstance(this, data ?? {});
    const errors = validateSync(instance, { whitelist: true, forbidUnknownValues: false, validationError: { target: false, value: false } });
    if (errors.length > 0) throw RegistryException.validation(flattenValidationErrors(errors));
    return instance;
  }
}
