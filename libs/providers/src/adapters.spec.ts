import { adapterById, adapterForBaseUrl, GENERIC_ADAPTER, PROVIDER_ADAPTERS } from './adapters';

describe('adapter registry', () => {
  it('chooses by host, including subdomains, and falls back to the generic adapter', () => {
    expect(adapterForBaseUrl('https://api.groq.com/openai/v1').id).toBe('groq');
    expect(adapterForBaseUrl('https://eu.api.openai.com/v1').id).toBe('openai');
    expect(adapterForBaseUrl('https://API.MISTRAL.AI./v1').id).toBe('mistral');
    expect(adapterForBaseUrl('http://10.0.0.7:8000/v1')).toBe(GENERIC_ADAPTER);
    expect(adapterForBaseUrl('https://notgroq.com/v1')).toBe(GENERIC_ADAPTER);
    expect(adapterForBaseUrl('https://api.groq.com.evil.example/v1')).toBe(GENERIC_ADAPTER);
    expect(adapterForBaseUrl('not a url')).toBe(GENERIC_ADAPTER);
  });

  it('has unique ids and hosts, and finds adapters by id', () => {
    const ids = PROVIDER_ADAPTERS.map((a) => a.id);
    expect(new Set(ids).size).toBe(ids.length);
    const hosts = PROVIDER_ADAPTERS.flatMap((a) => a.hosts);
    expect(new Set(hosts).size).toBe(hosts.length);
    expect(adapterById('together')?.name).toBe('Together AI');
    expect(adapterById('openai-compatible')).toBe(GENERIC_ADAPTER);
    expect(adapterById('nope')).toBeUndefined();
  });
});
