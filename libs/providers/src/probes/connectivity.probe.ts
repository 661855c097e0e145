import { connect as tcpConnect, isIP, type Socket } from 'node:net';
import { connect as tlsConnect, type TLSSocket } from 'node:tls';
import { type CheckResult, ERROR_CODES } from '@model-garden/contracts';
import { classifyIpAddress } from '@model-garden/platform';
import { errorCode, failure, networkFailure, type UpstreamFailure } from '../core/upstream-failure';
import { check, type ProbeContext } from './probe-context';
import { type ProbeNetwork } from './probe.types';

export const CONNECTIVITY_CHECK = 'connectivity';

export interface ConnectivityResult {
  check: CheckResult;
  failure?: UpstreamFailure;
}

class StepTimeout extends Error {
  constructor(readonly step: string) {
    super(`${step} timed out`);
    this.name = 'StepTimeout';
  }
}

async function timed<T>(step: string, timeoutMs: number, run: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    const value = await Promise.race([
      run(),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new StepTimeout(step)), timeoutMs);
      }),
    ]);
    return { value, ms: Math.round(performance.now() - started) };
  } finally {
    clearTimeout(timer);
  }
}

/** Opens a TCP connection; on timeout or error the socket is destroyed, never leaked. */
function openTcp(host: string, port: number, timeoutMs: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = tcpConnect({ host, port });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new StepTimeout('TCP connect'));
    }, timeoutMs);
    socket.once('connect', () => {
      clearTimeout(timer);
      resolve(socket);
    });
    socket.once('error', (error) => {
      clearTimeout(timer);
      socket.destroy();
      reject(error);
    });
  });
}

function handshake(socket: Socket, servername: string | undefined, options: ProbeNetwork['tls'], timeoutMs: number): Promise<TLSSocket> {
  return new Promise((resolve, reject) => {
    const secure = tlsConnect({ socket, servername, ALPNProtocols: ['http/1.1'], ...options });
    const timer = setTimeout(() => {
      secure.destroy();
      reject(new StepTimeout('TLS handshake'));
    }, timeoutMs);
    secure.once('secureConnect', () => {
      clearTimeout(timer);
      resolve(secure);
    });
    secure.once('error', (error) => {
      clearTimeout(timer);
      secure.destroy();
      reject(error);
    });
  });
}

/** Loopback and private-network addresses: a refused connection there is a configuration problem, not a passing outage. */
function isLocalAddress(address: string): boolean {
  const category = classifyIpAddress(address)?.category;
  return category === 'loopback' || category === 'private' || category === 'link-local' || category === 'cgnat' || category === 'unspecified';
}

async function measure<T>(run: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const value = await run();
  return { value, ms: Math.round(performance.now() - started) };
}

/**
 * DNS, TCP and TLS with their timings, through the outbound guard (the host's
 * addresses come from the guard's resolver, which refuses forbidden ones), then the
 * first HTTP exchange (`GET /models`, shared with the authentication and model
 * checks) through the guarded agent. A refused address, a redirect, a refused or
 * timed-out connection or a failed TLS handshake fails the check with that reason.
 */
export async function probeConnectivity(ctx: ProbeContext): Promise<ConnectivityResult> {
  const started = performance.now();
  const elapsed = (): number => Math.round(performance.now() - started);
  const fail = (why: UpstreamFailure, httpStatus?: number): ConnectivityResult => ({
    check: check(CONNECTIVITY_CHECK, 'fail', elapsed(), why.code, why.message, httpStatus ?? why.httpStatus),
    failure: why,
  });

  let url: URL;
  try {
    url = new URL(ctx.model.baseUrl);
  } catch {
    return fail(failure('network', ERROR_CODES.validationFailed, 'The base URL is not a valid absolute URL. Write it in full, for example https://api.example.com/v1.', false));
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return fail(failure('network', ERROR_CODES.validationFailed, `The base URL uses the "${url.protocol}" scheme; only http:// and https:// are called.`, false));
  }
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  const https = url.protocol === 'https:';
  const port = url.port === '' ? (https ? 443 : 80) : Number(url.port);
  const label = `${host}:${port}`;
  const timeout = ctx.connectTimeoutMs;
  const timings: string[] = [];

  let address: string;
  try {
    const dns = await timed('DNS lookup', timeout, () => ctx.options.network.resolveHost(host, port));
    address = dns.value[0].address;
    timings.push(`DNS ${dns.ms} ms`);
  } catch (error) {
    if (errorCode(error) === ERROR_CODES.outboundAddressForbidden) {
      return fail(failure('forbidden_address', ERROR_CODES.outboundAddressForbidden, (error as Error).message, false));
    }
    if (error instanceof StepTimeout) {
      return fail(failure('timeout', ERROR_CODES.providerTimeout, `The DNS lookup of ${host} did not answer within ${timeout} ms.`, true));
    }
    const code = errorCode(error);
    return fail(
      failure(
        'network',
        ERROR_CODES.providerUnreachable,
        `The host ${host} could not be resolved (${code ?? 'DNS error'}). Check the spelling of the base URL's host.`,
        code === 'EAI_AGAIN' || code === 'ETIMEOUT',
        { retryOnce: code === 'ENOTFOUND' },
      ),
    );
  }

  let socket: Socket | undefined;
  try {
    const tcp = await measure(() => openTcp(address, port, timeout));
    socket = tcp.value;
    timings.push(`TCP ${tcp.ms} ms`);
    if (https) {
      const tls = await measure(() => handshake(tcp.value, isIP(host) ? undefined : host, ctx.options.network.tls, timeout));
      socket = tls.value;
      timings.push(`TLS ${tls.ms} ms`);
    }
  } catch (error) {
    socket?.destroy();
    if (error instanceof StepTimeout) {
      return fail(failure('timeout', ERROR_CODES.providerTimeout, `The ${error.step} to ${label} (${address}) did not finish within ${timeout} ms.`, true));
    }
    const why = networkFailure(error, `${label} (${address})`);
    if (errorCode(error) === 'ECONNREFUSED' && isLocalAddress(address)) {
      // Nothing listens on that port of a machine on this network: waiting will not change it.
      return fail({
        ...why,
        transient: false,
        retryOnce: true,
        message: `${why.message} Nothing is listening on port ${port} of ${host}: check the port in the base URL and that the server is running.`,
      });
    }
    return fail(why);
  }
  socket.destroy();

  const listing = await ctx.listing();
  switch (listing.kind) {
    case 'unreachable':
      return fail(listing.failure, listing.httpStatus);
    case 'not-listed-by-provider':
      break;
    default:
      timings.push(`first HTTP answer ${listing.latencyMs} ms (${listing.httpStatus ?? 'no status'})`);
  }
  const httpStatus = listing.kind === 'not-listed-by-provider' ? undefined : listing.httpStatus;
  return { check: check(CONNECTIVITY_CHECK, 'pass', elapsed(), 'ok', `Reached ${label} at ${address}: ${timings.join(', ')}.`, httpStatus) };
}
