import { failure } from '@model-garden/providers';
import { policyStatus, retryDelayMs } from './retry-policy.util';

const settings = { baseDelayMs: 100, maxDelayMs: 2_000 };

describe('retryDelayMs', () => {
  it('grows exponentially with jitter between half and all of the step', () => {
    expect(retryDelayMs(0, settings, undefined, () => 0)).toBe(50);
    expect(retryDelayMs(0, settings, undefined, () => 1)).toBe(100);
    expect(retryDelayMs(2, settings, undefined, () => 1)).toBe(400);
    expect(retryDelayMs(10, settings, undefined, () => 1)).toBe(2_000);
  });

  it('waits at least as long as Retry-After asks', () => {
    expect(retryDelayMs(0, settings, 1_000, () => 0)).toBe(1_000);
  });

  it('does not retry when the provider asks for longer than the ceiling', () => {
    expect(retryDelayMs(0, settings, 2_001)).toBeUndefined();
  });
});

describe('policyStatus', () => {
  it('uses the HTTP status, 502 for broken connections, nothing for timeouts and refusals', () => {
    expect(policyStatus(failure('http', 'provider_error', 'x', true, { httpStatus: 503 }))).toBe(503);
    expect(policyStatus(failure('network', 'provider_unreachable', 'x', true))).toBe(502);
    expect(policyStatus(failure('network', 'provider_unreachable', 'x', false))).toBeUndefined();
    expect(policyStatus(failure('timeout', 'provider_timeout', 'x', true))).toBeUndefined();
    expect(policyStatus(failure('forbidden_address', 'outbound_address_forbidden', 'x', false))).toBeUndefined();
  });
});
