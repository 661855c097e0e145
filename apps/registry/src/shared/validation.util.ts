import { checkRule, type FieldRule } from '@model-garden/contracts';
import { ValidateBy, type ValidationOptions } from 'class-validator';

/**
 * The field keeps a rule of `@model-garden/contracts` (type, size or range, format,
 * each with its message): the same rule and evaluator the studio's forms use, so the
 * API and the forms cannot say different things. Combine with `@IsOptional()` or
 * `@ValidateIf()` for optional fields.
 */
export function FollowsRule(rule: FieldRule, options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'followsRule',
      validator: {
        validate: (value: unknown) => checkRule(rule, value) === null,
        defaultMessage: (args) => checkRule(rule, args?.value) ?? '',
      },
    },
    options,
  );
}
