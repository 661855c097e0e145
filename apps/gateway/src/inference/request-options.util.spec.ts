import { GatewayError } from '../shared/gateway.exception';
import { takeRequestOptions } from './request-options.util';

const limits = { defaultRetryCount: 2, maxRetryCount: 5, defaultCallTimeoutMs: 60_000 };

describe('takeRequestOptions', () => {
  it('uses the defaults and leaves a body without options untouched', () => {
    const body = { model: 'm', messages: [] };
    const options = takeRequestOptions(body, limits);
    expect(options.retryCount).toBe(2);
    expect([...options.retryOn]).toEqual([429, 502, 503, 504]);
    expect(options.fallbacks).toEqual([]);
    expect(options.callTimeoutMs).toBe(60_000);
    expect(body).toEqual({ model: 'm', messages: [] });
  });

  it('reads retry, fallbacks and timeout, and removes them before forwarding', () => {
    const body: Record<string, unknown> = {
      model: 'm',
      retry: { count: 4, on_codes: [500, 429] },
      fallbacks: [{ model: 'b' }, 'c'],
      timeout: { call_timeout: 1_500 },
    };
    const options = takeRequestOptions(body, limits);
    expect(options.retryCount).toBe(4);
    expect([...options.retryOn].sort()).toEqual([429, 500]);
    expect(options.fallbacks).toEqual(['b', 'c']);
    expect(options.callTimeoutMs).toBe(1_500);
    expect(body).toEqual({ model: 'm' });
  });

  it.each([
    [{ retry: { count: 9 } }, 'retry.count'],
    [{ retry: { count: 1.5 } }, 'retry.count'],
    [{ retry: 3 }, 'retry'],
    [{ retry: { on_codes: [200] } }, 'retry.on_codes'],
    [{ fallbacks: { model: 'x' } }, 'fallbacks'],
    [{ fallbacks: [{ model: '' }] }, 'fallbacks[0].model'],
    [{ fallbacks: ['a', 'b', 'c', 'd', 'e', 'f'] }, 'fallbacks'],
    [{ timeout: { call_timeout: 0 } }, 'timeout.call_timeout'],
    [{ timeout: 'soon' }, 'timeout'],
  ])('refuses %j with a 400 naming %s', (extra, param) => {
    try {
      takeRequestOptions({ model: 'm', ...extra }, limits);
      throw new Error('no error');
    } catch (error) {
      expect(error).toBeInstanceOf(GatewayError);
      expect((error as GatewayError).status).toBe(400);
      expect((error as GatewayError).param).toBe(param);
    }
  });
});
