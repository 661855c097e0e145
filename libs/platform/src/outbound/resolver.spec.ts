import type { RecordWithTtl } from 'node:dns';
import { createHostResolver, DnsQuerier, HostResolutionError, parseHostsFile, parseResolvConf, searchCandidates } from './resolver';

interface Pending {
  readonly name: string;
  readonly type: 4 | 6;
  resolve(records: RecordWithTtl[]): void;
  reject(error: Error): void;
}

/** A querier whose answers the test gives by hand. */
function manualQuerier(): DnsQuerier & { pending: Pending[] } {
  const pending: Pending[] = [];
  const ask = (type: 4 | 6) => (name: string) =>
    new Promise<RecordWithTtl[]>((resolve, reject) => pending.push({ name, type, resolve, reject }));
  return { pending, resolve4: ask(4), resolve6: ask(6) };
}

const code = (c: string): Error => Object.assign(new Error(c), { code: c });
const flush = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('createHostResolver', () => {
  let clock = 0;
  const now = (): number => clock;
  beforeEach(() => {
    clock = 1_000_000;
  });

  it('asks A and AAAA once for concurrent lookups of one name, and merges both answers', async () => {
    const querier = manualQuerier();
    const resolver = createHostResolver({ querier, now, hostsFile: null, search: null });
    const first = resolver('api.example.com');
    const second = resolver('API.example.com.');
    await flush();
    expect(querier.pending.map((p) => `${p.type}:${p.name}`)).toEqual(['4:api.example.com', '6:api.example.com']);
    querier.pending[0].resolve([{ address: '93.184.215.14', ttl: 30 }]);
    querier.pending[1].resolve([{ address: '2606:2800:21f:cb07:6820:80da:af6b:8b2c', ttl: 30 }]);
    const expected = [
      { address: '93.184.215.14', family: 4 },
      { address: '2606:2800:21f:cb07:6820:80da:af6b:8b2c', family: 6 },
    ];
    await expect(first).resolves.toEqual(expected);
    await expect(second).resolves.toEqual(expected);
  });

  it('reuses an answer for its smallest TTL, capped by maxPositiveTtlMs', async () => {
    const querier = manualQuerier();
    const resolver = createHostResolver({ querier, now, hostsFile: null, search: null, maxPositiveTtlMs: 20_000 });
    const answer = async (ttl: number): Promise<void> => {
      const lookup = resolver('a.example.com');
      await flush();
      querier.pending.splice(0).forEach((p) => (p.type === 4 ? p.resolve([{ address: '93.184.215.14', ttl }]) : p.reject(code('ENODATA'))));
      await lookup;
    };
    await answer(5);
    clock += 4_999;
    await resolver('a.example.com');
    expect(querier.pending).toHaveLength(0);
    clock += 2;
    await answer(3_600);
    clock += 19_999;
    await resolver('a.example.com');
    expect(querier.pending).toHaveLength(0);
    clock += 2;
    const again = resolver('a.example.com');
    await flush();
    expect(querier.pending).toHaveLength(2);
    querier.pending.splice(0).forEach((p) => p.resolve([{ address: '93.184.215.14', ttl: 0 }]));
    await again;
  });

  it('caches a failure for negativeTtlMs, then asks again', async () => {
    const querier = manualQuerier();
    const resolver = createHostResolver({ querier, now, hostsFile: null, search: null, negativeTtlMs: 3_000 });
    const lookup = resolver('gone.example.com');
    await flush();
    querier.pending.splice(0).forEach((p) => p.reject(code('ENOTFOUND')));
    await expect(lookup).rejects.toMatchObject({ code: 'ENOTFOUND', hostname: 'gone.example.com' });
    clock += 2_999;
    await expect(resolver('gone.example.com')).rejects.toBeInstanceOf(HostResolutionError);
    expect(querier.pending).toHaveLength(0);
    clock += 2;
    void resolver('gone.example.com').catch(() => undefined);
    await flush();
    expect(querier.pending).toHaveLength(2);
  });

  it('reports the telling failure when one family times out and the other has no record', async () => {
    const querier = manualQuerier();
    const resolver = createHostResolver({ querier, now, hostsFile: null, search: null, timeoutMs: 700, tries: 3 });
    const lookup = resolver('slow.example.com');
    await flush();
    querier.pending[0].reject(code('ENODATA'));
    querier.pending[1].reject(code('ETIMEOUT'));
    await expect(lookup).rejects.toMatchObject({
      code: 'ETIMEOUT',
      message: 'DNS lookup of slow.example.com timed out: no nameserver answered within 700 ms (3 tries per nameserver)',
    });
  });

  it('queries at most maxConcurrent names at once and refuses beyond maxQueued', async () => {
    const querier = manualQuerier();
    const resolver = createHostResolver({ querier, now, hostsFile: null, search: null, maxConcurrent: 2, maxQueued: 1 });
    const lookups = ['a', 'b', 'c'].map((n) => resolver(`${n}.example.com`).catch((e: unknown) => e));
    const refused = resolver('d.example.com');
    await expect(refused).rejects.toMatchObject({ code: 'EBUSY' });
    await flush();
    expect(new Set(querier.pending.map((p) => p.name))).toEqual(new Set(['a.example.com', 'b.example.com']));
    querier.pending.splice(0).forEach((p) => p.reject(code('ENOTFOUND')));
    await flush();
    await flush();
    expect(querier.pending.map((p) => p.name)).toEqual(['c.example.com', 'c.example.com']);
    querier.pending.splice(0).forEach((p) => p.reject(code('ENOTFOUND')));
    expect(await Promise.all(lookups)).toHaveLength(3);
  });

  it('answers localhost and *.localhost as loopback without DNS (RFC 6761)', async () => {
    const querier = manualQuerier();
    const resolver = createHostResolver({ querier, now, hostsFile: null, search: null });
    await expect(resolver('localhost')).resolves.toEqual([
      { address: '127.0.0.1', family: 4 },
      { address: '::1', family: 6 },
    ]);
    await expect(resolver('app.localhost.')).resolves.toHaveLength(2);
    expect(querier.pending).toHaveLength(0);
  });
});

describe('search domains', () => {
  it('reads search, domain and ndots from resolv.conf', () => {
    expect(parseResolvConf('nameserver 10.0.0.2\nsearch ns1.svc.cluster.local svc.cluster.local cluster.local\noptions ndots:5 timeout:1\n')).toEqual({
      domains: ['ns1.svc.cluster.local', 'svc.cluster.local', 'cluster.local'],
      ndots: 5,
    });
    expect(parseResolvConf('domain Corp.Example.\n# search ignored.example\n')).toEqual({ domains: ['corp.example'], ndots: 1 });
    expect(parseResolvConf('')).toEqual({ domains: [], ndots: 1 });
  });

  it('orders candidates as getaddrinfo does', () => {
    const search = { domains: ['svc.cluster.local', 'cluster.local'], ndots: 2 };
    expect(searchCandidates('vllm.serving', search)).toEqual(['vllm.serving.svc.cluster.local', 'vllm.serving.cluster.local', 'vllm.serving']);
    expect(searchCandidates('api.groq.com', search)).toEqual(['api.groq.com', 'api.groq.com.svc.cluster.local', 'api.groq.com.cluster.local']);
    expect(searchCandidates('api.groq.com.', search)).toEqual(['api.groq.com']);
  });

  it('tries the next candidate only while names do not exist, and stops at a timeout', async () => {
    const querier = manualQuerier();
    const resolver = createHostResolver({ querier, hostsFile: null, search: { domains: ['svc.cluster.local', 'cluster.local'], ndots: 2 } });
    const found = resolver('vllm.serving');
    await flush();
    querier.pending.splice(0).forEach((p) => p.reject(code('ENOTFOUND')));
    await flush();
    await flush();
    expect(querier.pending.map((p) => p.name)).toEqual(['vllm.serving.cluster.local', 'vllm.serving.cluster.local']);
    querier.pending.splice(0).forEach((p) => (p.type === 4 ? p.resolve([{ address: '10.3.0.8', ttl: 30 }]) : p.reject(code('ENODATA'))));
    await expect(found).resolves.toEqual([{ address: '10.3.0.8', family: 4 }]);

    const silent = resolver('slow.serving');
    await flush();
    querier.pending.splice(0).forEach((p) => p.reject(code('ETIMEOUT')));
    await expect(silent).rejects.toMatchObject({ code: 'ETIMEOUT' });
    expect(querier.pending).toHaveLength(0);
  });
});

describe('parseHostsFile', () => {
  it('maps every name and alias to its addresses, ignoring comments and bad lines', () => {
    const table = parseHostsFile(
      ['127.0.0.1 localhost', '::1 localhost ip6-localhost # loopback', '# 10.0.0.1 commented', 'not-an-ip name', '10.0.0.7\tMock.Internal mock', ''].join('\n'),
    );
    expect(table.get('localhost')).toEqual([
      { address: '127.0.0.1', family: 4 },
      { address: '::1', family: 6 },
    ]);
    expect(table.get('mock.internal')).toEqual([{ address: '10.0.0.7', family: 4 }]);
    expect(table.get('mock')).toEqual([{ address: '10.0.0.7', family: 4 }]);
    expect(table.has('name')).toBe(false);
    expect(table.has('commented')).toBe(false);
  });
});
