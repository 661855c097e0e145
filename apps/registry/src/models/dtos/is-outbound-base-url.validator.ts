import { Injectable } from '@nestjs/common';
import { checkRule, MODEL_RULES } from '@model-garden/contracts';
import { registerDecorator, type ValidationArguments, type ValidationOptions, ValidatorConstraint, type ValidatorConstraintInterface } from 'class-validator';
import { OutboundPolicy } from '../../infrastructure/outbound-policy.service';

/**
 * `baseUrl` rules: `MODEL_RULES.baseUrl` (a string, its length, an absolute http(s) URL without user info, query, fragment
 * or a trailing endpoint path such as `/chat/completions`),
 * and then the outbound policy:
 * whose host is not loopback, private, link-local or a metadata address (unless
 * OUTBOUND_ALLOWLIST opens it). Resolved through Nest's container (`useContainer`),
 * so the allowlist comes from the configuration.
 */
@ValidatorConstraint({ name: 'outboundBaseUrl', async: true })
@Injectable()
export class OutboundBaseUrlConstraint implements ValidatorConstraintInterface {
  private readonly messages = new WeakMap<object, string>();

  constructor(private readonly policy: OutboundPolicy) {}

  async validate(value: unknown, args: ValidationArguments): Promise<boolean> {
    const rule = MODEL_RULES.baseUrl;
    if (typeof value !== 'string') {
      this.messages.set(args.object, rule.typeMessage);
      return false;
    }
    // The rule's shape first (it also refuses a path ending in an endpoint, naming the base URL to use instead).
    const shapeProblem = checkRule(rule, value);
    if (shapeProblem !== null) {
      this.messages.set(args.object, shapeProblem);
      return false;
    }
    const result = await this.policy.check(value);
    if (!result.ok) this.messages.set(args.object, result.message);
    return result.ok;
  }

  defaultMessage(args: ValidationArguments): string {
    return this.messages.get(args.object) ?? 'baseUrl is not an allowed URL.';
  }
}

export function IsOutboundBaseUrl(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({ target: target.constructor, propertyName: String(propertyName), options, validator: OutboundBaseUrlConstraint });
}
