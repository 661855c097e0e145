import { failure } from '@model-garden/providers';
import { PROVIDER_KEY, servingModel } from '../../test/resolved-model.fixture';
import { ByteBudgetExceeded } from './byte-budget';
import { ResponseTooLarge } from './upstream-body.util';
import { callFailure, clientErrorForFailure } from './upstream-error.mapper';

const model = servingModel({ baseUrl: 'https://internal.llm.corp/v1' });
const http = (status: number, extra = {}) => failure('http', 'provider_error', 'x', status >= 500, { httpStatus: status, ...extra });

describe('clientErrorForFailure', () => {
  it("passes the provider's own error through with its status, scrubbed of the key and the base URL", () => {
    const text = JSON.stringify({
      error: { message: `Bad value for temperature; key ${PROVIDER_KEY} at https://internal.llm.corp/v1/chat`, type: 'invalid_request_error', param: 'temperature', code: 'bad' },
    });
    const error = clientErrorForFailure(http(400), model, 'chat', text, {});
    expect(error.status).toBe(400);
    expect(error.toBody().error).toMatchObject({ type: 'invalid_request_error', param: 'temperature', code: 'bad' });
    expect(error.message).not.toContain(PROVIDER_KEY);
    expect(error.message).not.toContain('internal.llm.corp');
  });

  it('passes Retry-After on with a rate limit', () => {
    const error = clientErrorForFailure(http(429), model, 'chat', '{"error":{"message":"slow down"}}', { 'retry-after': '2' });
    expect(error.status).toBe(429);
    expect(error.headers).toEqual({ 'retry-after': '2' });
  });

  it('never presents a rejected provider credential as the client’s 401', () => {
    const error = clientErrorForFailure(http(401), model, 'chat', `{"error":{"message":"Incorrect API key ${PROVIDER_KEY}"}}`, {});
    expect(error.status).toBe(502);
    expect(error.code).toBe('provider_credential_invalid');
    expect(error.message).not.toContain(PROVIDER_KEY);
  });

  it('answers 502/504 in its own words for network failures, timeouts, refused addresses and bad answers', () => {
    expect(clientErrorForFailure(failure('network', 'provider_unreachable', 'ECONNREFUSED 10.1.2.3', true), model, 'chat')).toMatchObject({ status: 502, code: 'provider_unreachable' });
    expect(clientErrorForFailure(failure('timeout', 'provider_timeout', 'x', true), model, 'chat')).toMatchObject({ status: 504, code: 'provider_timeout' });
    expect(clientErrorForFailure(failure('forbidden_address', 'outbound_address_forbidden', 'x', false), model, 'chat')).toMatchObject({ status: 502 });
    expect(clientErrorForFailure(failure('bad_response', 'provider_bad_response', 'x', false), model, 'chat')).toMatchObject({ status: 502 });
    expect(clientErrorForFailure(http(302), model, 'chat', '', {})).toMatchObject({ status: 502, code: 'provider_redirect' });
    expect(clientErrorForFailure(failure('http', 'model_not_found', 'x', false, { httpStatus: 404 }), model, 'chat', '', {}).status).toBe(502);
  });

  it('falls back to a message of its own for bodies without one (HTML error pages)', () => {
    const error = clientErrorForFailure(http(503), model, 'chat', '<html>bad gateway</html>', {});
    expect(error.status).toBe(503);
    expect(error.message).toContain('answered 503');
  });
});

describe('callFailure', () => {
  const target = { origin: 'https://internal.llm.corp', path: '/v1/chat/completions' };
  it('names why the gateway aborted a call: client gone (stop), deadline (504), shutdown (503)', () => {
    expect(callFailure('client', new Error('aborted'), model, 'chat', target)).toMatchObject({ metricStatus: '499', stopped: true });
    expect(callFailure('timeout', new Error('aborted'), model, 'chat', target)).toMatchObject({ metricStatus: '504', stopped: false, failure: { kind: 'timeout' }, error: { status: 504 } });
    expect(callFailure('shutdown', new Error('aborted'), model, 'chat', target)).toMatchObject({ metricStatus: '503', error: { status: 503, code: 'shutting_down' } });
  });

  it('maps a broken connection, an answer too large and a full gateway', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 10.0.0.1:443'), { code: 'ECONNREFUSED' });
    expect(callFailure(undefined, refused, model, 'chat', target)).toMatchObject({ metricStatus: '502', failure: { kind: 'network' }, error: { status: 502, code: 'provider_unreachable' } });
    expect(callFailure(undefined, new ResponseTooLarge(10), model, 'chat', target)).toMatchObject({ failure: { kind: 'bad_response' }, error: { status: 502 } });
    expect(callFailure(undefined, new ByteBudgetExceeded(), model, 'chat', target).error).toMatchObject({ status: 503, headers: { 'retry-after': '1' } });
  });
});
