import { loadStudioConfig } from './studio-config';

const location = { protocol: 'https:', hostname: 'garden.example.com' };

describe('studio config', () => {
  it('reads the gateway URL from config.json', async () => {
    const fetch = jest.fn(async () => new Response(JSON.stringify({ gatewayUrl: 'https://gw.example.com/v1/' }), { status: 200 }));
    await expect(loadStudioConfig(fetch as unknown as typeof globalThis.fetch, location)).resolves.toEqual({ gatewayUrl: 'https://gw.example.com/v1' });
  });

  it('falls back to the gateway on this host without a usable config.json', async () => {
    const fallback = { gatewayUrl: 'https://garden.example.com:3002/v1' };
    const missing = jest.fn(async () => new Response('', { status: 404 }));
    const junk = jest.fn(async () => new Response(JSON.stringify({ gatewayUrl: 'javascript:alert(1)' }), { status: 200 }));
    const down = jest.fn(async () => {
      throw new TypeError('fetch failed');
    });
    for (const fetch of [missing, junk, down]) await expect(loadStudioConfig(fetch as unknown as typeof globalThis.fetch, location)).resolves.toEqual(fallback);
  });
});
