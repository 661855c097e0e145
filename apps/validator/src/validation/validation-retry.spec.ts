import { RetryableValidationError, validationBackoffMs } from './validation-retry';

describe('validationBackoffMs', () => {
  const options = { baseMs: 1_000, maxMs: 30_000 };
  const transient = (retryAfterMs?: number) =>
    new RetryableValidationError({ check: 'chat', code: 'provider_error', message: 'x', transient: true, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) });

  it('grows exponentially with equal jitter, capped', () => {
    expect(validationBackoffMs(1, transient(), options, () => 0)).toBe(500);
    expect(validationBackoffMs(1, transient(), options, () => 1)).toBe(1_000);
    expect(validationBackoffMs(3, transient(), options, () => 0.5)).toBe(3_000);
    expect(validationBackoffMs(20, transient(), options, () => 1)).toBe(30_000);
  });

  it("honours the provider's Retry-After, with a little jitter and the same cap", () => {
    expect(validationBackoffMs(1, transient(5_000), options, () => 0)).toBe(5_000);
    expect(validationBackoffMs(1, transient(5_000), options, () => 0.5)).toBe(5_500);
    expect(validationBackoffMs(1, transient(600_000), options, () => 0)).toBe(30_000);
  });

  it('backs off the same way for errors other than validation failures', () => {
    expect(validationBackoffMs(2, new Error('registry down'), options, () => 1)).toBe(2_000);
  });
});
