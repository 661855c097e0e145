import { status } from '@grpc/grpc-js';
import { TimeoutError } from 'rxjs';
import { isNotFound, isRegistryUnavailable, isUnanswerable } from './registry-call.util';

describe('registry call outcomes', () => {
  it('answers a question the registry refused (INVALID_ARGUMENT) like an unknown key or model, never as "registry down"', () => {
    const refused = { code: status.INVALID_ARGUMENT, message: 'model must be shorter than or equal to 400 characters' };
    expect(isUnanswerable(refused)).toBe(true);
    expect(isRegistryUnavailable(refused)).toBe(false);
    expect(isNotFound(refused)).toBe(false);
  });

  it('still serves stale entries when the registry cannot be asked', () => {
    expect(isRegistryUnavailable({ code: status.UNAVAILABLE })).toBe(true);
    expect(isRegistryUnavailable(new TimeoutError())).toBe(true);
    expect(isUnanswerable({ code: status.UNAVAILABLE })).toBe(false);
  });
});
