import { networkFailure, retryAfterMs } from './upstream-failure';

describe('upstream failures', () => {
  const target = 'POST api.example.com/v1/chat/completions';
  const withCode = (code: string, message = 'boom') => Object.assign(new Error(message), { code });

  it('treats resets, refusals and socket errors as transient', () => {
    expect(networkFailure(withCode('ECONNRESET'), target)).toMatchObject({ kind: 'network', code: 'provider_unreachable', transient: true });
    expect(networkFailure(withCode('ECONNREFUSED'), target)).toMatchObject({ transient: true });
    expect(networkFailure(new TypeError('fetch failed', { cause: withCode('UND_ERR_SOCKET') }), target)).toMatchObject({ transient: true });
  });

  it('treats an unknown host, a bad certificate and a refused address as permanent', () => {
    expect(networkFailure(withCode('ENOTFOUND'), target)).toMatchObject({ transient: false });
    expect(networkFailure(withCode('CERT_HAS_EXPIRED', 'certificate has expired'), target)).toMatchObject({ transient: false });
    expect(networkFailure(withCode('outbound_address_forbidden', 'Refused to connect to 10.0.0.1'), target)).toMatchObject({
      kind: 'forbidden_address',
      code: 'outbound_address_forbidden',
      transient: false,
    });
  });

  it('gives an unknown host and a certificate error one quick retry (retryOnce), and nothing else', () => {
    expect(networkFailure(withCode('ENOTFOUND'), target)).toMatchObject({ transient: false, retryOnce: true });
    expect(networkFailure(withCode('ERR_TLS_CERT_ALTNAME_INVALID'), target)).toMatchObject({ transient: false, retryOnce: true });
    expect(networkFailure(withCode('SELF_SIGNED_CERT_IN_CHAIN'), target)).toMatchObject({ retryOnce: true });
    // A refusal is only hopeless on a local address, which the connectivity probe knows (it has the address).
    expect(networkFailure(withCode('ECONNREFUSED'), target)).not.toHaveProperty('retryOnce');
    expect(networkFailure(withCode('outbound_address_forbidden', 'Refused'), target)).not.toHaveProperty('retryOnce');
  });

  it('names connect and header timeouts as timeouts', () => {
    expect(networkFailure(withCode('UND_ERR_CONNECT_TIMEOUT'), target)).toMatchObject({ kind: 'timeout', code: 'provider_timeout', transient: true });
  });

  it('reads Retry-After in milliseconds, seconds or as a date', () => {
    expect(retryAfterMs({ 'retry-after-ms': '120' })).toBe(120);
    expect(retryAfterMs({ 'retry-after': '2' })).toBe(2000);
    expect(retryAfterMs({ 'retry-after': 'Wed, 21 Oct 2015 07:28:10 GMT' }, Date.parse('Wed, 21 Oct 2015 07:28:00 GMT'))).toBe(10_000);
    expect(retryAfterMs({ 'retry-after': 'soon' })).toBeUndefined();
    expect(retryAfterMs({})).toBeUndefined();
  });
});
