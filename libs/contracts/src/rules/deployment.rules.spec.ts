import { checkRule, ruleSchema } from './field-rule';
import { DEPLOYMENT_RULES } from './deployment.rules';
import { PAGE_RULES } from './page.rules';

describe('deployment rules', () => {
  it('words a deployment body field as the registry answers it: type, then length, then the slug shape', () => {
    expect(checkRule(DEPLOYMENT_RULES.key, 7)).toBe('key must be a string.');
    expect(checkRule(DEPLOYMENT_RULES.key, '')).toBe('key must be 1 to 64 characters.');
    expect(checkRule(DEPLOYMENT_RULES.key, 'x'.repeat(65))).toBe('key must be 1 to 64 characters.');
    expect(checkRule(DEPLOYMENT_RULES.key, 'Customer Support')).toMatch(/^key must be a slug of 1 to 64 lower-case letters/);
    expect(checkRule(DEPLOYMENT_RULES.key, 'customer-support')).toBeNull();
    expect(checkRule(DEPLOYMENT_RULES.description, 'x'.repeat(501))).toBe('description must be at most 500 characters.');
    expect(checkRule(DEPLOYMENT_RULES.description, '')).toBeNull();
    expect(checkRule(DEPLOYMENT_RULES.note, ['n'])).toBe('note must be a string.');
  });

  it('words the restore note and the page query as the DTOs do', () => {
    expect(checkRule(DEPLOYMENT_RULES.restoreNote, 3)).toBe('note must be a string');
    expect(checkRule(DEPLOYMENT_RULES.restoreNote, 'x'.repeat(501))).toBe('note must be at most 500 characters');
    expect(checkRule(PAGE_RULES.limit, 1.5)).toBe('limit must be a whole number');
    expect(checkRule(PAGE_RULES.limit, Number.NaN)).toBe('limit must be a whole number');
    expect(checkRule(PAGE_RULES.limit, 0)).toBe('limit must be between 1 and 200');
    expect(checkRule(PAGE_RULES.limit, 201)).toBe('limit must be between 1 and 200');
    expect(checkRule(PAGE_RULES.limit, 200)).toBeNull();
    expect(checkRule(PAGE_RULES.cursor, 'c'.repeat(501))).toBe('cursor must be at most 500 characters');
  });

  it('documents the same limits in the API document', () => {
    expect(ruleSchema(DEPLOYMENT_RULES.key)).toEqual({ type: 'string', minLength: 1, maxLength: 64, pattern: DEPLOYMENT_RULES.key.patterns![0]!.pattern.source });
    expect(ruleSchema(PAGE_RULES.limit)).toEqual({ type: 'integer', minimum: 1, maximum: 200 });
  });
});
