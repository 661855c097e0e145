import type { LookupAddress, LookupOptions } from 'node:dns';
import { parseOutboundAllowlist } from './allowlist';
import { OutboundBlockedError } from './outbound.exception';
import { createGuardedLookup, resolveGuarded } from './guarded-lookup';
import { HostResolver } from './resolver';

const resolver: HostResolver = async (hostname) => {
  const table: Record<string, string[]> = {
    'public.test': ['93.184.215.14', '2606:2800:21f:cb07:6820:80da:af6b:8b2c'],
    'loopback.test': ['127.0.0.1'],
    'mixed.test': ['93.184.215.14', '10.0.0.5'],
    'mapped.test': ['::ffff:7f00:1'],
    'mock.internal': ['127.0.0.1', '::1'],
  };
  const answers = table[hostname];
  if (!answers) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
  return answers.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
};

interface LookupResult {
  error: NodeJS.ErrnoException | null;
  address: string | LookupAddress[];
  family?: number;
}

function lookupAsync(lookup: ReturnType<typeof createGuardedLookup>, hostname: string, options: LookupOptions): Promise<LookupResult> {
  return new Promise((resolve) => lookup(hostname, options, (error, address, family) => resolve({ error, address, family })));
}

describe('resolveGuarded', () => {
  it('returns every checked address', async () => {
    await expect(resolveGuarded('public.test', { resolver })).resolves.toEqual([
      { address: '93.184.215.14', family: 4, category: 'public', basis: 'public' },
      { address: '2606:2800:21f:cb07:6820:80da:af6b:8b2c', family: 6, category: 'public', basis: 'public' },
    ]);
  });

  it('refuses the whole answer when one record is forbidden', async () => {
    const onBlocked = jest.fn();
    const error = await resolveGuarded('mixed.test', { resolver, onBlocked }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OutboundBlockedError);
    expect(error).toMatchObject({ code: 'outbound_address_forbidden', address: '10.0.0.5', category: 'private', hostname: 'mixed.test', stage: 'lookup' });
    expect(onBlocked).toHaveBeenCalledWith(error);
  });

  it('parses IP literals in any spelling instead of resolving them', async () => {
    const spy = jest.fn(resolver);
    for (const host of ['2130706433', '0x7f000001', '0177.0.0.1', '127.1', '[::1]', '::ffff:127.0.0.1']) {
      await expect(resolveGuarded(host, { resolver: spy })).rejects.toMatchObject({ category: 'loopback', stage: 'literal' });
    }
    expect(spy).not.toHaveBeenCalled();
  });

  it('passes resolution errors through', async () => {
    await expect(resolveGuarded('nope.test', { resolver })).rejects.toMatchObject({ code: 'ENOTFOUND' });
  });
});

describe('createGuardedLookup', () => {
  it('answers all addresses for happy eyeballs (all: true)', async () => {
    const lookup = createGuardedLookup({ resolver });
    const result = await lookupAsync(lookup, 'public.test', { all: true });
    expect(result.error).toBeNull();
    expect(result.address).toEqual([
      { address: '93.184.215.14', family: 4 },
      { address: '2606:2800:21f:cb07:6820:80da:af6b:8b2c', family: 6 },
    ]);
  });

  it('answers one address, honouring the family hint', async () => {
    const lookup = createGuardedLookup({ resolver });
    expect(await lookupAsync(lookup, 'public.test', {})).toEqual({ error: null, address: '93.184.215.14', family: 4 });
    expect(await lookupAsync(lookup, 'public.test', { family: 6 })).toEqual({
      error: null,
      address: '2606:2800:21f:cb07:6820:80da:af6b:8b2c',
      family: 6,
    });
    const missing = await lookupAsync(lookup, 'loopback.test', { family: 6 });
    expect(missing.error).not.toBeNull();
  });

  it('refuses forbidden answers with OutboundBlockedError', async () => {
    const lookup = createGuardedLookup({ resolver });
    for (const host of ['loopback.test', 'mapped.test', 'mixed.test', '127.0.0.2', '0x7f.1']) {
      const result = await lookupAsync(lookup, host, { all: true });
      expect(result.error).toBeInstanceOf(OutboundBlockedError);
      expect(result.error?.message).toMatch(/^Refused to connect to /);
    }
  });

  it('lets allowlisted names and addresses through', async () => {
    const lookup = createGuardedLookup({ resolver, allowlist: parseOutboundAllowlist('mock.internal:*,127.0.0.1:*') });
    expect(await lookupAsync(lookup, 'mock.internal', { all: true })).toMatchObject({
      error: null,
      address: [
        { address: '127.0.0.1', family: 4 },
        { address: '::1', family: 6 },
      ],
    });
    expect(await lookupAsync(lookup, 'loopback.test', {})).toMatchObject({ error: null, address: '127.0.0.1' });
    expect((await lookupAsync(lookup, '127.0.0.2', {})).error).toBeInstanceOf(OutboundBlockedError);
  });
});

describe('OutboundBlockedError', () => {
  it('says what was refused and how to open it, and nothing else: a resolved address is for the logs only', () => {
    const error = new OutboundBlockedError({ address: '127.0.0.2', category: 'loopback', hostname: 'rebind.test', port: 8080, stage: 'lookup' });
    expect(error.message).toBe(
      'Refused to connect to host rebind.test: it resolves to a loopback address. Model Garden does not call private, loopback or link-local addresses unless OUTBOUND_ALLOWLIST names them.',
    );
    expect(error.message).not.toContain('127.0.0.2');
    expect(error).toMatchObject({ address: '127.0.0.2', port: 8080, reason: 'forbidden-address' });
    expect(error.code).toBe('outbound_address_forbidden');
    expect(error.name).toBe('OutboundBlockedError');
  });

  it('repeats an IP literal (the tenant wrote it), and names a platform endpoint as such', () => {
    expect(new OutboundBlockedError({ address: '10.0.0.5', category: 'private', stage: 'literal' }).message).toMatch(/^Refused to connect to 10\.0\.0\.5: it is a private address\./);
    const platform = new OutboundBlockedError({ address: '127.0.0.1', category: 'loopback', hostname: 'gw.test', port: 3000, stage: 'lookup', reason: 'platform-endpoint' });
    expect(platform.message).toBe(
      "Refused to connect to host gw.test: it is an endpoint of Model Garden itself. Model Garden never calls its own services or infrastructure: a model's base URL cannot point at the platform itself.",
    );
  });
});
