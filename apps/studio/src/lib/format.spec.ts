import { formatLatency, formatPricing, formatUsd, hostOf, providerLabel } from './format';

describe('format', () => {
  it('shows the provider of public models and the host of private ones', () => {
    expect(providerLabel({ owner: 'public', provider: 'groq', baseUrl: 'https://api.groq.com/openai/v1' })).toBe('groq');
    expect(providerLabel({ owner: 'private', provider: 'openailike', baseUrl: 'http://10.0.0.5:8000/v1' })).toBe('10.0.0.5:8000');
    expect(hostOf('not a url')).toBe('not a url');
  });

  it('prints prices and costs with the decimals small amounts need', () => {
    expect(formatUsd(0)).toBe('$0');
    expect(formatUsd(0.59)).toBe('$0.59');
    expect(formatUsd(0.000123)).toBe('$0.000123');
    expect(formatUsd(12.5)).toBe('$12.50');
    expect(formatPricing({ inputPerMillionTokens: 0.59, outputPerMillionTokens: 0.79 }, 'chat')).toBe('in $0.59 · out $0.79 / 1M tokens');
    expect(formatPricing({ perImage: 0.04 }, 'image')).toBe('$0.04 / image');
    expect(formatPricing(null, 'chat')).toBe('No price set');
  });

  it('prints latencies', () => {
    expect(formatLatency(null)).toBe('–');
    expect(formatLatency(12.4)).toBe('12 ms');
    expect(formatLatency(1500)).toBe('1.50 s');
  });
});
