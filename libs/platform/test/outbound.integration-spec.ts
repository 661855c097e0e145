/**
 * The guarded agent against real sockets. Every byte goes to loopback only: a local
 * `node:http` server on 127.0.0.1 port 0, and refused destinations that are never
 * connected to. "Public-looking" resolver answers are only used for the pre-check, which
 * sends no traffic.
 */
import { execFileSync } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer as createHttpsServer } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TLSSocket } from 'node:tls';
import { IncomingMessage, Server, ServerResponse, createServer } from 'node:http';
import type { AddressInfo, LookupFunction } from 'node:net';
import { Agent, buildConnector, fetch, request } from 'undici';
import { parseOutboundAllowlist } from '../src/outbound/allowlist';
import { createPlatformEndpoints } from '../src/outbound/platform-endpoints';
import { OutboundBlockedError } from '../src/outbound/outbound.exception';
import { createGuardedAgent, withOutboundAddressCheck } from '../src/outbound/guarded-agent';
import { checkOutboundUrl } from '../src/outbound/outbound-url';
import { HostResolver, ResolvedAddress } from '../src/outbound/resolver';

let server: Server;
let port: number;
const hits: string[] = [];
let connections = 0;

beforeAll(async () => {
  server = createServer((req: IncomingMessage, res: ServerResponse) => {
    hits.push(req.url ?? '');
    if (req.url === '/redirect') {
      res.writeHead(302, { location: `http://127.0.0.2:${port}/elsewhere` }).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
  });
  server.on('connection', () => {
    connections += 1;
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

let agents: Agent[] = [];
beforeEach(() => {
  hits.length = 0;
  connections = 0;
});
afterEach(async () => {
  await Promise.all(agents.map((agent) => agent.destroy()));
  agents = [];
});

function guardedAgent(options: Parameters<typeof createGuardedAgent>[0] = {}): Agent {
  const agent = createGuardedAgent({ connectTimeoutMs: 2_000, ...options });
  agents.push(agent);
  return agent;
}

function table(entries: Record<string, string[]>): HostResolver {
  return async (hostname) => {
    const answers = entries[hostname.toLowerCase().replace(/\.$/, '')];
    if (!answers) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
    return answers.map((address): ResolvedAddress => ({ address, family: address.includes(':') ? 6 : 4 }));
  };
}

async function refusal(promise: Promise<unknown>): Promise<OutboundBlockedError> {
  const error = await promise.then(
    () => {
      throw new Error('expected the request to be refused');
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(OutboundBlockedError);
  return error as OutboundBlockedError;
}

describe('guarded agent, empty allowlist', () => {
  it.each([
    ['127.0.0.1', '127.0.0.1', 'loopback'],
    ['127.0.0.2', '127.0.0.2', 'loopback'],
    ['[::1]', '::1', 'loopback'],
    ['0.0.0.0', '0.0.0.0', 'unspecified'],
    ['2130706433', '127.0.0.1', 'loopback'],
    ['0x7f000001', '127.0.0.1', 'loopback'],
    ['0177.0.0.1', '127.0.0.1', 'loopback'],
    ['127.1', '127.0.0.1', 'loopback'],
    ['[::ffff:127.0.0.1]', '::ffff:127.0.0.1', 'loopback'],
  ])('refuses http://%s:<port>/ (%s, %s) without reaching the server', async (host, address, category) => {
    const onBlocked = jest.fn();
    const agent = guardedAgent({ onBlocked });
    const error = await refusal(request(`http://${host}:${port}/`, { dispatcher: agent }));
    expect(error).toMatchObject({ code: 'outbound_address_forbidden', address, category, stage: 'literal' });
    expect(error.message).not.toContain(String(port));
    expect(onBlocked).toHaveBeenCalledTimes(1);
    expect(connections).toBe(0);
    expect(hits).toEqual([]);
  });

  it('refuses https literals the same way, before any TLS', async () => {
    const error = await refusal(request(`https://127.0.0.1:${port}/`, { dispatcher: guardedAgent() }));
    expect(error.stage).toBe('literal');
    expect(connections).toBe(0);
  });

  it('refuses a hostname that resolves to loopback, and does not leak the path or query', async () => {
    const agent = guardedAgent({ resolver: table({ 'sneaky.test': ['127.0.0.1'] }) });
    const error = await refusal(request(`http://sneaky.test:${port}/v1/chat?api_key=sk-secret`, { dispatcher: agent }));
    expect(error).toMatchObject({ address: '127.0.0.1', hostname: 'sneaky.test', stage: 'lookup' });
    expect(error.message).not.toMatch(/sk-secret|api_key|\/v1/);
    expect(connections).toBe(0);
  });
});

describe('guarded agent, with an allowlist', () => {
  it('reaches 127.0.0.1 when OUTBOUND_ALLOWLIST names it', async () => {
    const agent = guardedAgent({ allowlist: parseOutboundAllowlist('127.0.0.1:*') });
    const response = await request(`http://127.0.0.1:${port}/hello`, { dispatcher: agent });
    expect(response.statusCode).toBe(200);
    expect(await response.body.text()).toBe('ok');
    expect(hits).toEqual(['/hello']);
  });

  it('keeps the connection alive between requests', async () => {
    const agent = guardedAgent({ allowlist: parseOutboundAllowlist('127.0.0.1:*') });
    for (const path of ['/one', '/two', '/three']) {
      const response = await request(`http://127.0.0.1:${port}${path}`, { dispatcher: agent });
      await response.body.text();
      // undici returns the socket to the pool just after the body ends.
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(hits).toEqual(['/one', '/two', '/three']);
    expect(connections).toBe(1);
  });

  it('still refuses loopback addresses the allowlist does not name', async () => {
    const agent = guardedAgent({ allowlist: parseOutboundAllowlist('127.0.0.1:*') });
    await refusal(request(`http://127.0.0.2:${port}/`, { dispatcher: agent }));
    await refusal(request(`http://[::1]:${port}/`, { dispatcher: agent }));
    expect(connections).toBe(0);
  });

  it('reaches whatever an allowlisted hostname resolves to, and nothing else', async () => {
    const resolver = table({ 'mock.internal': ['127.0.0.1'], 'other.test': ['127.0.0.1'] });
    const agent = guardedAgent({ resolver, allowlist: parseOutboundAllowlist('mock.internal:*') });
    const response = await request(`http://MOCK.internal.:${port}/v1/models`, { dispatcher: agent });
    expect(response.statusCode).toBe(200);
    await response.body.text();
    await refusal(request(`http://other.test:${port}/`, { dispatcher: agent }));
    expect(hits).toEqual(['/v1/models']);
  });
  it('hands Node every checked address (happy eyeballs falls back from ::1 to 127.0.0.1)', async () => {
    const resolver = table({ 'mock.internal': ['::1', '127.0.0.1'] });
    const agent = guardedAgent({ resolver, allowlist: parseOutboundAllowlist('mock.internal:*') });
    const response = await request(`http://mock.internal:${port}/dual`, { dispatcher: agent });
    expect(response.statusCode).toBe(200);
    await response.body.text();
    expect(hits).toEqual(['/dual']);
  });
});

describe('guarded agent: allowlist ports and the platform\'s own endpoints', () => {
  it('opens an allowlisted address or name on its port only, refusing other ports without connecting', async () => {
    const other = port === 65_535 ? port - 1 : port + 1;
    const byAddress = guardedAgent({ allowlist: parseOutboundAllowlist(`127.0.0.1:${port}`) });
    const ok = await request(`http://127.0.0.1:${port}/port`, { dispatcher: byAddress });
    expect(ok.statusCode).toBe(200);
    await ok.body.text();
    const refused = await refusal(request(`http://127.0.0.1:${other}/`, { dispatcher: byAddress }));
    expect(refused).toMatchObject({ address: '127.0.0.1', port: other, stage: 'literal', reason: 'forbidden-address' });

    const resolver = table({ 'mock.internal': ['127.0.0.1'] });
    const byName = guardedAgent({ resolver, allowlist: parseOutboundAllowlist(`mock.internal:${port}`) });
    const named = await request(`http://mock.internal:${port}/named`, { dispatcher: byName });
    expect(named.statusCode).toBe(200);
    await named.body.text();
    const refusedName = await refusal(request(`http://mock.internal:${other}/`, { dispatcher: byName }));
    expect(refusedName).toMatchObject({ hostname: 'mock.internal', port: other, stage: 'lookup' });
    expect(refusedName.message).not.toContain('127.0.0.1');
    expect(hits).toEqual(['/port', '/named']);
    expect(connections).toBe(2);
  });

  it('refuses a platform endpoint that the allowlist opens, by address and by name, without connecting', async () => {
    const onBlocked = jest.fn();
    const platform = createPlatformEndpoints({ localPorts: [port] });
    const resolver = table({ 'gateway.alias': ['127.0.0.1'] });
    const agent = guardedAgent({ resolver, platform, onBlocked, allowlist: parseOutboundAllowlist('127.0.0.0/8:*,gateway.alias:*') });
    const literal = await refusal(request(`http://127.0.0.1:${port}/v1/chat/completions`, { dispatcher: agent }));
    expect(literal).toMatchObject({ reason: 'platform-endpoint', stage: 'literal', port });
    const named = await refusal(request(`http://gateway.alias:${port}/v1/chat/completions`, { dispatcher: agent }));
    expect(named).toMatchObject({ reason: 'platform-endpoint', stage: 'lookup', hostname: 'gateway.alias' });
    expect(named.message).toMatch(/endpoint of Model Garden itself/);
    expect(onBlocked).toHaveBeenCalledTimes(2);
    expect(connections).toBe(0);
    expect(hits).toEqual([]);
  });
});

describe('guarded agent over TLS', () => {
  it('connects to the checked address yet verifies the certificate against the hostname (SNI included)', async () => {
    // A certificate for tls.test, made for this test by openssl.
    const dir = mkdtempSync(join(tmpdir(), 'mg-outbound-tls-'));
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'), '-days', '1', '-subj', '/CN=tls.test', '-addext', 'subjectAltName=DNS:tls.test'], { stdio: 'ignore' });
    const cert = readFileSync(join(dir, 'cert.pem'));
    const tlsServer = createHttpsServer({ key: readFileSync(join(dir, 'key.pem')), cert }, (req, res) => res.end(`sni=${(req.socket as TLSSocket).servername}`));
    tlsServer.listen(0, '127.0.0.1');
    await once(tlsServer, 'listening');
    const tlsPort = (tlsServer.address() as AddressInfo).port;
    try {
      const resolver = table({ 'tls.test': ['127.0.0.1'], 'other.test': ['127.0.0.1'] });
      const agent = guardedAgent({ resolver, tls: { ca: cert }, allowlist: parseOutboundAllowlist(`tls.test:${tlsPort},other.test:${tlsPort}`) });
      const response = await request(`https://tls.test:${tlsPort}/`, { dispatcher: agent });
      expect(response.statusCode).toBe(200);
      expect(await response.body.text()).toBe('sni=tls.test');
      const mismatch: unknown = await request(`https://other.test:${tlsPort}/`, { dispatcher: agent }).catch((e: unknown) => e);
      expect(mismatch).toMatchObject({ code: 'ERR_TLS_CERT_ALTNAME_INVALID' });
    } finally {
      tlsServer.closeAllConnections();
      await new Promise<void>((resolve) => tlsServer.close(() => resolve()));
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('DNS rebinding', () => {
  it('passes the pre-check with a public answer, then refuses the loopback answer at connect', async () => {
    const answers = ['93.184.215.14', '127.0.0.2'];
    const asked: string[] = [];
    const resolver: HostResolver = async (hostname) => {
      asked.push(hostname);
      const address = answers[Math.min(asked.length - 1, answers.length - 1)];
      return [{ address, family: 4 }];
    };
    const url = `http://rebind.test:${port}/v1/chat/completions`;

    // Pre-check: DNS only, no traffic.
    const precheck = await checkOutboundUrl(url, { resolver, label: 'The base URL' });
    expect(precheck).toMatchObject({ ok: true, addresses: [{ address: '93.184.215.14', category: 'public' }] });
    expect(connections).toBe(0);

    // The call: the answer changed; the connect-time lookup sees it and refuses.
    const agent = guardedAgent({ resolver, allowlist: parseOutboundAllowlist('127.0.0.1:*') });
    const error = await refusal(request(url, { dispatcher: agent, method: 'POST', body: '{}' }));
    expect(error).toMatchObject({ address: '127.0.0.2', category: 'loopback', hostname: 'rebind.test', stage: 'lookup' });
    expect(asked).toEqual(['rebind.test', 'rebind.test']);
    expect(connections).toBe(0);
    expect(hits).toEqual([]);
  });

  it('checks the address the socket actually connected to', async () => {
    // A connector whose lookup is NOT guarded (a lying resolver): only the post-connect
    // check stands between it and the server. The TCP connection reaches loopback, but
    // the socket is destroyed before any HTTP byte is written.
    const lyingLookup: LookupFunction = (_hostname, options, callback) => {
      if (options.all) callback(null, [{ address: '127.0.0.1', family: 4 }]);
      else callback(null, '127.0.0.1', 4);
    };
    const onBlocked = jest.fn();
    const connector = withOutboundAddressCheck(buildConnector({ lookup: lyingLookup, timeout: 2_000 }), { onBlocked });
    const agent = new Agent({ connect: connector });
    agents.push(agent);
    const error = await refusal(request(`http://public.example:${port}/`, { dispatcher: agent }));
    expect(error).toMatchObject({ address: '127.0.0.1', category: 'loopback', hostname: 'public.example', stage: 'connected' });
    expect(onBlocked).toHaveBeenCalledTimes(1);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(hits).toEqual([]);
  });
});

describe('redirects', () => {
  it('returns a 302 as-is and never follows it', async () => {
    const agent = guardedAgent({ allowlist: parseOutboundAllowlist('127.0.0.1:*') });
    const response = await request(`http://127.0.0.1:${port}/redirect`, { dispatcher: agent });
    expect(response.statusCode).toBe(302);
    expect(response.headers.location).toBe(`http://127.0.0.2:${port}/elsewhere`);
    await response.body.text();
    expect(hits).toEqual(['/redirect']);
  });

  it('returns the 302 to fetch with redirect: "manual"', async () => {
    const agent = guardedAgent({ allowlist: parseOutboundAllowlist('127.0.0.1:*') });
    const response = await fetch(`http://127.0.0.1:${port}/redirect`, { dispatcher: agent, redirect: 'manual' });
    expect(response.status).toBe(302);
    await response.text();
    expect(hits).toEqual(['/redirect']);
  });

  it('guards every hop even when fetch is left to follow redirects', async () => {
    const agent = guardedAgent({ allowlist: parseOutboundAllowlist('127.0.0.1:*') });
    const failure: unknown = await fetch(`http://127.0.0.1:${port}/redirect`, { dispatcher: agent }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(TypeError);
    expect((failure as TypeError).cause).toBeInstanceOf(OutboundBlockedError);
    expect((failure as TypeError).cause).toMatchObject({ address: '127.0.0.2', stage: 'literal' });
    expect(hits).toEqual(['/redirect']);
  });
});
