import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { RegistryException } from './registry.exception';
import { flattenValidationErrors } from './validation.util';

/**
 * A command is validated when it is built, so a use case never sees an invalid
 * input. Used where input enters without a DTO pipe (Kafka events, gRPC requests).
 * Unknown fields are dropped, not refused: producers may add fields before
 * consumers know them.
 */
export abstract class BaseCommand {
  static create<T extends object>(this: new () => T, data: unknown): T {
    const instance = plainToInstance(this, data ?? {});
    const errors = validateSync(instance, { whitelist: true, forbidUnknownValues: false, validationError: { target: false, value: false } });
    if (errors.length > 0) throw RegistryException.validation(flattenValidationErrors(errors));
    return instance;
  }
}
