import { type AddressInfo } from 'node:net';
import { type Server, createServer } from 'node:http';
import { handleCors, parseCorsOrigins } from './cors';

describe('gateway CORS (GATEWAY_CORS_ORIGINS)', () => {
  let server: Server;
  let base: string;
  const reached: string[] = [];

  beforeAll(async () => {
    const allowed = parseCorsOrigins('http://studio.example.com:3000/, https://other.example.com');
    server = createServer((req, res) => {
      if (handleCors(req, res, allowed)) return;
      reached.push(`${req.method} ${req.url}`);
      res.writeHead(200, { 'content-type': 'application/json', 'x-model-garden-deployment-variant': 'a' }).end('{}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  beforeEach(() => {
    reached.length = 0;
  });

  it('answers the preflight of an allowed origin without reaching the route or asking for a key', async () => {
    const response = await fetch(`${base}/v2/deployments/invoke`, {
      method: 'OPTIONS',
      headers: { origin: 'http://studio.example.com:3000', 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type' },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe('http://studio.example.com:3000');
    expect(response.headers.get('access-control-allow-methods')).toContain('POST');
    expect(response.headers.get('access-control-allow-headers')).toContain('authorization');
    expect(response.headers.get('access-control-allow-credentials')).toBeNull();
    expect(reached).toEqual([]);
  });

  it('lets the call of an allowed origin through with its origin allowed and the deployment headers exposed', async () => {
    const response = await fetch(`${base}/v2/deployments/invoke`, { method: 'POST', headers: { origin: 'https://other.example.com' }, body: '{}' });
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe('https://other.example.com');
    expect(response.headers.get('access-control-expose-headers')).toContain('x-model-garden-deployment-variant');
    expect(response.headers.get('vary')).toBe('origin');
    expect(reached).toEqual(['POST /v2/deployments/invoke']);
  });

  it('gives another origin no CORS header (the browser refuses), and leaves calls without an origin as they were', async () => {
    const preflight = await fetch(`${base}/v1/chat/completions`, { method: 'OPTIONS', headers: { origin: 'https://evil.example.com', 'access-control-request-method': 'POST' } });
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
    const call = await fetch(`${base}/v1/chat/completions`, { method: 'POST', headers: { origin: 'https://evil.example.com' }, body: '{}' });
    expect(call.headers.get('access-control-allow-origin')).toBeNull();
    const server2server = await fetch(`${base}/v1/chat/completions`, { method: 'POST', body: '{}' });
    expect(server2server.headers.get('access-control-allow-origin')).toBeNull();
    expect(reached).toEqual(['POST /v1/chat/completions', 'POST /v1/chat/completions']);
  });

  it('reads the origin list leniently (spaces, trailing slashes, case) and empty as none', () => {
    expect([...parseCorsOrigins(' HTTP://A.example.com/ ,https://b.example.com')]).toEqual(['http://a.example.com', 'https://b.example.com']);
    expect(parseCorsOrigins('').size).toBe(0);
    expect(parseCorsOrigins(undefined).size).toBe(0);
  });
});
