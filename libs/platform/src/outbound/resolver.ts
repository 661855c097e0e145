import { promises as dns, type RecordWithTtl } from 'node:dns';
import { readFile, stat } from 'node:fs/promises';
import { isIP } from 'node:net';

export interface ResolvedAddress {
  readonly address: string;
  readonly family: 4 | 6;
}

/**
 * Resolves a hostname to all its addresses (A and AAAA). Injectable so tests can answer
 * without DNS, and so a test can change its answer between the pre-check and connect
 * (DNS rebinding).
 */
export type HostResolver = (hostname: string) => Promise<readonly ResolvedAddress[]>;

export const DEFAULT_DNS_TIMEOUT_MS = 5_000;

/** An error with a Node-style `code` (`ENOTFOUND`, `ETIMEOUT`, …). */
export class HostResolutionError extends Error {
  readonly code: string;
  readonly hostname: string;

  constructor(hostname: string, code: string, message: string) {
    super(message);
    this.name = 'HostResolutionError';
    this.code = code;
    this.hostname = hostname;
  }
}

/** The part of `dns.promises.Resolver` the host resolver uses (replaceable in unit tests). */
export interface DnsQuerier {
  resolve4(hostname: string, options: { ttl: true }): Promise<RecordWithTtl[]>;
  resolve6(hostname: string, options: { ttl: true }): Promise<RecordWithTtl[]>;
}

export interface HostResolverOptions {
  /** Nameservers (`ip` or `ip:port`, `[ipv6]:port`); default: the system's (/etc/resolv.conf). */
  readonly servers?: readonly string[];
  /** c-ares timeout of one try, per nameserver (default 1 000 ms). */
  readonly timeoutMs?: number;
  /** c-ares tries per nameserver before giving up (default 2). */
  readonly tries?: number;
  /** Names resolved at the same time; more wait their turn (default 16). */
  readonly maxConcurrent?: number;
  /** Names waiting for a turn; more fail at once with `EBUSY` (default 1 000). */
  readonly maxQueued?: number;
  /** How long a failed name answers its failure without a new query (default 5 000 ms). */
  readonly negativeTtlMs?: number;
  /** Ceiling on how long an answer is reused, whatever its TTL says (default 60 000 ms). */
  readonly maxPositiveTtlMs?: number;
  /** The hosts file consulted before DNS (default `/etc/hosts`; `null`: none). */
  readonly hostsFile?: string | null;
  /**
   * Search domains and `ndots` as in resolv.conf (default: read from `/etc/resolv.conf`;
   * `null`: names are queried as written). A name with fewer dots than `ndots` is tried
   * with each search domain first, then as written; others as written first. A name with a
   * trailing dot is only queried as written.
   */
  readonly search?: { readonly domains: readonly string[]; readonly ndots: number } | null;
  /** The resolv.conf read for the defaults of `search` (default `/etc/resolv.conf`). */
  readonly resolvConf?: string;
  /** Replaces the c-ares resolver (unit tests). */
  readonly querier?: DnsQuerier;
  /** Clock in ms (unit tests). */
  readonly now?: () => number;
}

const HOSTS_FILE_REFRESH_MS = 5_000;

/** Lower case, without one trailing dot. */
function cacheKey(hostname: string): string {
  const lower = hostname.toLowerCase();
  return lower.endsWith('.') ? lower.slice(0, -1) : lower;
}

/** Parses a hosts file (`address name alias…`, `#` comments) into name → addresses. */
export function parseHostsFile(text: string): Map<string, ResolvedAddress[]> {
  const table = new Map<string, ResolvedAddress[]>();
  for (const rawLine of text.split('\n')) {
    const line = rawLine.replace(/#.*$/, '').trim();
    if (line === '') continue;
    const [address, ...names] = line.split(/\s+/);
    const family = isIP(address.split('%')[0]);
    if (family === 0) continue;
    for (const name of names) {
      const key = cacheKey(name);
      const list = table.get(key) ?? [];
      if (!list.some((a) => a.address === address)) list.push({ address, family: family === 6 ? 6 : 4 });
      table.set(key, list);
    }
  }
  return table;
}

/** The `search` (or `domain`) list and `options ndots:N` of a resolv.conf. */
export function parseResolvConf(text: string): { domains: string[]; ndots: number } {
  let domains: string[] = [];
  let ndots = 1;
  for (const rawLine of text.split('\n')) {
    const line = rawLine.replace(/[#;].*$/, '').trim();
    const [keyword, ...values] = line.split(/\s+/);
    if (keyword === 'search' || keyword === 'domain') domains = values.map((d) => cacheKey(d)).filter((d) => d !== '');
    if (keyword === 'options') {
      for (const option of values) {
        const match = /^ndots:(\d+)$/.exec(option);
        if (match) ndots = Math.min(15, Number(match[1]));
      }
    }
  }
  return { domains, ndots };
}

/** The names to query for a hostname, in order, under resolv.conf's search rules. */
export function searchCandidates(hostname: string, search: { readonly domains: readonly string[]; readonly ndots: number }): string[] {
  if (hostname.endsWith('.')) return [hostname.slice(0, -1)];
  const suffixed = search.domains.map((domain) => `${hostname}.${domain}`);
  const dots = hostname.split('.').length - 1;
  return dots >= search.ndots ? [hostname, ...suffixed] : [...suffixed, hostname];
}

/** RFC 6761: `localhost` and `*.localhost` are this machine, whatever DNS says. */
const LOCALHOST_ANSWER: readonly ResolvedAddress[] = Object.freeze([
  { address: '127.0.0.1', family: 4 },
  { address: '::1', family: 6 },
]);

function isLocalhostName(key: string): boolean {
  return key === 'localhost' || key.endsWith('.localhost');
}

function errorCode(error: unknown): string {
  if (typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string') return error.code;
  return 'EUNKNOWN';
}

const NOT_FOUND_CODES = new Set(['ENOTFOUND', 'ENODATA', 'ENONAME', 'NOTFOUND', 'NODATA']);

function describeFailure(hostname: string, code: string, timeoutMs: number, tries: number): string {
  switch (code) {
    case 'ETIMEOUT':
      return `DNS lookup of ${hostname} timed out: no nameserver answered within ${timeoutMs} ms (${tries} ${tries === 1 ? 'try' : 'tries'} per nameserver)`;
    case 'ENOTFOUND':
      return `DNS lookup of ${hostname} found no A or AAAA record (the name does not exist)`;
    case 'ECONNREFUSED':
      return `DNS lookup of ${hostname} failed: the nameserver refused the connection`;
    case 'ESERVFAIL':
      return `DNS lookup of ${hostname} failed: the nameserver answered SERVFAIL`;
    case 'EREFUSED':
      return `DNS lookup of ${hostname} failed: the nameserver refused the query`;
    case 'EBUSY':
      return `DNS lookup of ${hostname} was not attempted: too many lookups are waiting`;
    default:
      return `DNS lookup of ${hostname} failed (${code})`;
  }
}

interface CacheEntry {
  readonly expiresAt: number;
  readonly answer?: readonly ResolvedAddress[];
  readonly error?: HostResolutionError;
}

/**
 * A host resolver that never blocks libuv's thread pool: names are answered from the
 * hosts file (`/etc/hosts`, re-read when it changes) or RFC 6761 `localhost`, else by
 * c-ares (`dns.promises.Resolver`, A and AAAA in parallel) with its own timeout and
 * tries. `dns.lookup` (getaddrinfo) would hold one of libuv's 4 threads until the system
 * resolver gives up, stalling file reads and every other lookup meanwhile.
 *
 * Concurrent lookups of one name share one query; at most `maxConcurrent` names are
 * queried at once. Answers are reused for their DNS TTL (capped by `maxPositiveTtlMs`),
 * failures for `negativeTtlMs`. Search domains and `ndots` from resolv.conf apply as for
 * getaddrinfo (`vllm.serving` can mean `vllm.serving.svc.cluster.local`); a trailing dot
 * means the name as written.
 */
export function createHostResolver(options: HostResolverOptions = {}): HostResolver {
  const timeoutMs = options.timeoutMs ?? 1_000;
  const tries = options.tries ?? 2;
  const maxConcurrent = options.maxConcurrent ?? 16;
  const maxQueued = options.maxQueued ?? 1_000;
  const negativeTtlMs = options.negativeTtlMs ?? 5_000;
  const maxPositiveTtlMs = options.maxPositiveTtlMs ?? 60_000;
  const hostsPath = options.hostsFile === undefined ? '/etc/hosts' : options.hostsFile;
  const now = options.now ?? Date.now;

  let querier: DnsQuerier | undefined = options.querier;
  const getQuerier = (): DnsQuerier => {
    if (!querier) {
      const resolver = new dns.Resolver({ timeout: timeoutMs, tries });
      if (options.servers) resolver.setServers([...options.servers]);
      querier = resolver;
    }
    return querier;
  };

  let hosts: { table: Map<string, ResolvedAddress[]>; mtimeMs: number; checkedAt: number } | undefined;
  let hostsLoading: Promise<Map<string, ResolvedAddress[]>> | undefined;
  const hostsTable = async (): Promise<Map<string, ResolvedAddress[]>> => {
    if (hostsPath === null) return new Map();
    if (hosts && now() - hosts.checkedAt < HOSTS_FILE_REFRESH_MS) return hosts.table;
    hostsLoading ??= (async () => {
      try {
        const info = await stat(hostsPath);
        if (!hosts || info.mtimeMs !== hosts.mtimeMs) {
          hosts = { table: parseHostsFile(await readFile(hostsPath, 'utf8')), mtimeMs: info.mtimeMs, checkedAt: now() };
        } else {
          hosts = { ...hosts, checkedAt: now() };
        }
      } catch {
        hosts = { table: new Map(), mtimeMs: -1, checkedAt: now() };
      }
      return hosts.table;
    })().finally(() => {
      hostsLoading = undefined;
    });
    return hostsLoading;
  };

  let searchConfig: Promise<{ readonly domains: readonly string[]; readonly ndots: number }> | undefined;
  const searchRules = (): Promise<{ readonly domains: readonly string[]; readonly ndots: number }> => {
    if (options.search !== undefined) return Promise.resolve(options.search ?? { domains: [], ndots: 0 });
    searchConfig ??= readFile(options.resolvConf ?? '/etc/resolv.conf', 'utf8').then(parseResolvConf, () => ({ domains: [], ndots: 1 }));
    return searchConfig;
  };

  const cache = new Map<string, CacheEntry>();
  const inFlight = new Map<string, Promise<readonly ResolvedAddress[]>>();
  let running = 0;
  const waiting: Array<() => void> = [];

  const acquire = (hostname: string): Promise<void> => {
    if (running < maxConcurrent) {
      running += 1;
      return Promise.resolve();
    }
    if (waiting.length >= maxQueued) {
      return Promise.reject(new HostResolutionError(hostname, 'EBUSY', describeFailure(hostname, 'EBUSY', timeoutMs, tries)));
    }
    return new Promise((resolve) => waiting.push(resolve));
  };
  const release = (): void => {
    const next = waiting.shift();
    if (next) next();
    else running -= 1;
  };

  /** A and AAAA of one name, in one concurrency slot. */
  const queryName = async (
    hostname: string,
    name: string,
  ): Promise<[PromiseSettledResult<RecordWithTtl[]>, PromiseSettledResult<RecordWithTtl[]>]> => {
    await acquire(hostname);
    try {
      const q = getQuerier();
      return await Promise.allSettled([q.resolve4(name, { ttl: true }), q.resolve6(name, { ttl: true })]);
    } finally {
      release();
    }
  };

  const query = async (hostname: string, key: string): Promise<readonly ResolvedAddress[]> => {
    // Search domains: the next candidate only when this one does not exist; a timeout or a
    // server failure ends the search (as getaddrinfo does), so a silent server costs one wait.
    let results: [PromiseSettledResult<RecordWithTtl[]>, PromiseSettledResult<RecordWithTtl[]>] | undefined;
    for (const name of searchCandidates(hostname, await searchRules())) {
      results = await queryName(hostname, name);
      const found = results.some((r) => r.status === 'fulfilled' && r.value.length > 0);
      const missing = results.every((r) => (r.status === 'rejected' ? NOT_FOUND_CODES.has(errorCode(r.reason)) : r.value.length === 0));
      if (found || !missing) break;
    }
    if (!results) throw new HostResolutionError(hostname, 'ENOTFOUND', describeFailure(hostname, 'ENOTFOUND', timeoutMs, tries));
    const [v4, v6] = results;
    const answer: ResolvedAddress[] = [];
    let ttlSeconds = Number.POSITIVE_INFINITY;
    for (const [result, family] of [[v4, 4], [v6, 6]] as const) {
      if (result.status !== 'fulfilled') continue;
      for (const record of result.value) {
        answer.push({ address: record.address, family });
        ttlSeconds = Math.min(ttlSeconds, record.ttl);
      }
    }
    if (answer.length > 0) {
      const ttlMs = Math.min(maxPositiveTtlMs, ttlSeconds * 1_000);
      if (ttlMs > 0) cache.set(key, { expiresAt: now() + ttlMs, answer });
      return answer;
    }
    const codes = [v4, v6].map((r) => (r.status === 'rejected' ? errorCode(r.reason) : 'ENODATA'));
    // A name with neither record is "not found"; otherwise report the most telling failure.
    const code = codes.every((c) => NOT_FOUND_CODES.has(c)) ? 'ENOTFOUND' : (codes.find((c) => !NOT_FOUND_CODES.has(c)) ?? 'EUNKNOWN');
    const error = new HostResolutionError(hostname, code, describeFailure(hostname, code, timeoutMs, tries));
    if (negativeTtlMs > 0) cache.set(key, { expiresAt: now() + negativeTtlMs, error });
    throw error;
  };

  return async (hostname) => {
    const key = cacheKey(hostname);
    const fromHosts = (await hostsTable()).get(key);
    if (fromHosts) return fromHosts;
    if (isLocalhostName(key)) return LOCALHOST_ANSWER;

    const cached = cache.get(key);
    if (cached) {
      if (cached.expiresAt > now()) {
        if (cached.error) throw cached.error;
        if (cached.answer) return cached.answer;
      }
      cache.delete(key);
    }
    let pending = inFlight.get(key);
    if (!pending) {
      pending = query(hostname, key).finally(() => inFlight.delete(key));
      inFlight.set(key, pending);
    }
    return pending;
  };
}

let defaultResolver: HostResolver | undefined;

/**
 * The process-wide resolver the outbound guard uses when none is given (hosts file, then
 * c-ares with the system's nameservers; created on first use so every caller shares its
 * caches and concurrency bound).
 */
export const defaultHostResolver: HostResolver = (hostname) => {
  defaultResolver ??= createHostResolver();
  return defaultResolver(hostname);
};

/** Runs the resolver with a deadline; an empty answer is `ENOTFOUND`. */
export async function resolveHost(
  resolver: HostResolver,
  hostname: string,
  timeoutMs: number = DEFAULT_DNS_TIMEOUT_MS,
): Promise<readonly ResolvedAddress[]> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new HostResolutionError(hostname, 'ETIMEOUT', `DNS lookup of ${hostname} timed out after ${timeoutMs} ms`)),
      timeoutMs,
    );
    timer.unref();
  });
  try {
    const answers = await Promise.race([resolver(hostname), deadline]);
    if (answers.length === 0) {
      throw new HostResolutionError(hostname, 'ENOTFOUND', `DNS lookup of ${hostname} returned no addresses`);
    }
    return answers;
  } finally {
    clearTimeout(timer);
  }
}

/** The `code` of a resolution error (`ENOTFOUND`, `EAI_AGAIN`, `ETIMEOUT`), or `EUNKNOWN`. */
export function resolutionErrorCode(error: unknown): string {
  return errorCode(error);
}
