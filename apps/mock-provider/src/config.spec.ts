import { ConfigError, DEFAULT_API_KEY, loadConfig } from './config';

describe('loadConfig', () => {
  it('defaults everything outside production', () => {
    expect(loadConfig({})).toEqual({ host: '127.0.0.1', port: 3003, apiKey: DEFAULT_API_KEY, apiKeyIsDefault: true, latencyMs: 0 });
  });

  it('reads every variable', () => {
    const config = loadConfig({ MOCK_PROVIDER_HOST: '0.0.0.0', MOCK_PROVIDER_PORT: '8080', MOCK_PROVIDER_API_KEY: 'sk-mock', MOCK_PROVIDER_LATENCY_MS: '25' });
    expect(config).toEqual({ host: '0.0.0.0', port: 8080, apiKey: 'sk-mock', apiKeyIsDefault: false, latencyMs: 25 });
  });

  it('requires the API key in production', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(expect.objectContaining({ variable: 'MOCK_PROVIDER_API_KEY' }));
    expect(() => loadConfig({ NODE_ENV: 'production', MOCK_PROVIDER_API_KEY: '  ' })).toThrow(ConfigError);
    expect(loadConfig({ NODE_ENV: 'production', MOCK_PROVIDER_API_KEY: 'k' }).apiKey).toBe('k');
  });

  it.each([
    ['MOCK_PROVIDER_PORT', 'abc'],
    ['MOCK_PROVIDER_PORT', '70000'],
    ['MOCK_PROVIDER_PORT', '-1'],
    ['MOCK_PROVIDER_LATENCY_MS', '1.5'],
    ['MOCK_PROVIDER_API_KEY', 'two words'],
    ['MOCK_PROVIDER_HOST', 'a b'],
  ])('names %s when it is %p', (variable, value) => {
    expect(() => loadConfig({ [variable]: value })).toThrow(new RegExp(`^${variable}: `));
  });
});
