import { type ArgumentMetadata, Injectable, type PipeTransform } from '@nestjs/common';
import { type FieldError } from '@model-garden/contracts';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { RegistryException } from './registry.exception';
import { flattenValidationErrors, structuralProblems } from '@model-garden/platform';

/** A DTO whose rules span several fields (e.g. prices that depend on the model type). */
export interface HasCrossFieldRules {
  crossFieldErrors(): FieldError[];
}

function hasCrossFieldRules(value: object): value is HasCrossFieldRules {
  return typeof (value as Partial<HasCrossFieldRules>).crossFieldErrors === 'function';
}

const PRIMITIVES: readonly unknown[] = [String, Boolean, Number, Array, Object];

/** What a JSON parser makes of an object: not an array, a stream or any other class instance. */
function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}


/**
 * Validates every body and query against its DTO: unknown fields are refused,
 * nothing is converted behind the client's back in a body (a number sent as a
 * string is an error; query strings convert through `@Type`), and every bad field,
 * cross-field rules included, is named in one 400. Keys such as `constructor` or
 * `__proto__` at any depth, and absurd nesting, are refused before anything reads them.
 */
@Injectable()
export class RegistryValidationPipe implements PipeTransform {
  async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const { metatype, type } = metadata;
    if ((type !== 'body' && type !== 'query') || !metatype || PRIMITIVES.includes(metatype)) return value;
    if (type === 'body' && value !== undefined && !isPlainObject(value)) {
      throw RegistryException.field('body', 'The request body must be a JSON object.');
    }
    const structural = structuralProblems(value);
    if (structural.length > 0) throw RegistryException.validation(structural);
    const instance = plainToInstance(metatype, value ?? {}) as object;
    const errors = await validate(instance, {
      whitelist: true,
      forbidNonWhitelisted: true,
      forbidUnknownValues: true,
      validationError: { target: false, value: false },
    });
    const details = flattenValidationErrors(errors);
    if (hasCrossFieldRules(instance)) {
      const named = new Set(details.map((d) => d.field));
      details.push(...instance.crossFieldErrors().filter((e) => !named.has(e.field)));
    }
    if (details.length > 0) throw RegistryException.validation(details);
    return instance;
  }
}
