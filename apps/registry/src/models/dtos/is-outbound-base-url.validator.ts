import { Injectable } from '@nestjs/common';
import { registerDecorator, type ValidationArguments, type ValidationOptions, ValidatorConstraint, type ValidatorConstraintInterface } from 'class-validator';
import { OutboundPolicy } from '../../infrastructure/outbound-policy.service';

/**
 * `baseUrl` rules: an absolute http(s) URL without user info, query or fragment,
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
    if (typeof value !== 'string') {
      this.messages.set(args.object, 'baseUrl must be a string such as https://api.example.com/v1.');
      return false;
    }
    if (value.length > 2048) {
      this.messages.set(args.object, 'baseUrl must be at most 2048 characters.');
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
