import { promises as dns } from 'node:dns';

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

/**
 * The default resolver: the operating system's (`getaddrinfo` through `dns.lookup`, all
 * addresses), which is what `net.connect` would use, so /etc/hosts and search domains
 * behave as they do for any other program on the machine.
 */
export const systemResolver: HostResolver = async (hostname) => {
  const answers = await dns.lookup(hostname, { all: true });
  return answers.map((answer) => ({ address: answer.address, family: answer.family === 6 ? 6 : 4 }));
};

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
  if (typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string') return error.code;
  return 'EUNKNOWN';
}
