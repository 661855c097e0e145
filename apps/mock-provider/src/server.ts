import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { createServer as createNetServer, type AddressInfo, type Server as NetServer, type Socket } from 'node:net';
import { ModelCatalogue } from './catalogue/catalogue';
import type { ProviderContext } from './context';
import { internalError, OpenAIError } from './http/mock-provider.exception';
import { Exchange, type ExchangeObserver } from './http/exchange';
import { sendError } from './http/send';
import { createPng } from './images/png';
import { route } from './router';

export interface MockProviderOptions {
  /** The Bearer key every request but `/health` must carry. */
  apiKey: string;
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 0: any free port (read it back from the result). */
  port?: number;
  /** Added to every `/v1` response. Default 0. */
  latencyMs?: number;
  /** Larger request bodies get a 413. Default 5 MiB. */
  bodyLimitBytes?: number;
  /** How long `close()` lets in-flight responses finish before cutting them. Default 5000. */
  shutdownGraceMs?: number;
  /** PEM certificate and key: the port then answers TLS (https) as well as plain http, told apart by the first byte. */
  tls?: { cert: string; key: string };
}

export interface MockProvider {
  /** `http://host:port`, without the `/v1`. */
  url: string;
  port: number;
  /** Stops accepting, ends hanging requests, lets the others finish within the grace period, then cuts what is left. */
  close(): Promise<void>;
}

const DEFAULT_BODY_LIMIT = 5 * 1024 * 1024;

/** Starts a mock provider on plain `node:http` with keep-alive; resolves once it listens. */
export async function createMockProvider(options: MockProviderOptions): Promise<MockProvider> {
  if (options.apiKey.length === 0) throw new Error('createMockProvider: apiKey must not be empty');
  const host = options.host ?? '127.0.0.1';
  const graceMs = options.shutdownGraceMs ?? 5000;
  const catalog = new ModelCatalogue();
  let sequence = 0;
  const context: ProviderContext = {
    catalog,
    apiKey: Buffer.from(options.apiKey),
    latencyMs: options.latencyMs ?? 0,
    bodyLimitBytes: options.bodyLimitBytes ?? DEFAULT_BODY_LIMIT,
    pngBase64: createPng().toString('base64'),
    nextId: (prefix) => `${prefix}-${(++sequence).toString(36)}`,
  };

  const inFlight = new Set<Exchange>();
  let closing: Promise<void> | undefined;
  const observer: ExchangeObserver = {
    onExchangeClosed(exchange) {
      inFlight.delete(exchange);
      if (exchange.aborted && exchange.onAborted === undefined) catalog.unattributedAborts++;
      if (closing !== undefined) setImmediate(() => closeIdle());
    },
  };

  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    const exchange = new Exchange(req, res, observer);
    inFlight.add(exchange);
    if (closing !== undefined) res.setHeader('connection', 'close');
    try {
      const pending = route(exchange, context);
      if (pending !== undefined) pending.catch((error: unknown) => fail(exchange, error));
    } catch (error) {
      void fail(exchange, error);
    }
  };
  const server = createServer({ noDelay: true, keepAlive: true }, handle);
  const secure = options.tls ? createHttpsServer({ noDelay: true, keepAlive: true, cert: options.tls.cert, key: options.tls.key }, handle) : undefined;
  const servers = secure ? [server, secure] : [server];
  for (const s of servers) {
    // Longer than the usual client pools' idle timeouts, so a benchmark never races a server-side close.
    s.keepAliveTimeout = 65_000;
    s.headersTimeout = 66_000;
  }
  const closeIdle = (): void => servers.forEach((s) => s.closeIdleConnections());
  // With TLS, one listener hands each connection to the https or the http server by its first byte.
  const listener: NetServer = secure ? createNetServer({ noDelay: true }, (socket) => dispatchByFirstByte(socket, server, secure)) : server;
  // Node's HTTP servers track their connections (closeIdleConnections, closeAllConnections)
  // from their 'listening' event; these two never listen themselves, so start it here.
  if (secure) servers.forEach((s) => s.emit('listening'));

  await listen(listener, host, options.port ?? 0);
  const port = (listener.address() as AddressInfo).port;

  const close = (): Promise<void> =>
    (closing ??= (async () => {
      const closed = new Promise<void>((resolve) => listener.close(() => resolve()));
      closeIdle();
      for (const exchange of inFlight) if (exchange.hanging) exchange.destroyByServer();
      const deadline = setTimeout(() => {
        for (const exchange of inFlight) exchange.destroyByServer();
        servers.forEach((s) => s.closeAllConnections());
      }, graceMs);
      try {
        await closed;
      } finally {
        clearTimeout(deadline);
      }
    })());

  return { url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`, port, close };
}

/** A TLS handshake starts with a handshake record (0x16); anything else is plain HTTP. */
function dispatchByFirstByte(socket: Socket, plain: NetServer, secure: NetServer): void {
  socket.once('error', () => socket.destroy());
  socket.once('data', (first: Buffer) => {
    socket.pause();
    socket.unshift(first);
    (first[0] === 0x16 ? secure : plain).emit('connection', socket);
    process.nextTick(() => socket.resume());
  });
}

function listen(server: NetServer, host: string, port: number): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

/** Answers a failed request in OpenAI's error shape (after the added latency), or cuts a response already under way. */
async function fail(exchange: Exchange, error: unknown): Promise<void> {
  try {
    if (exchange.aborted || exchange.res.destroyed) return;
    if (exchange.res.headersSent) return exchange.destroyByServer();
    let answer: OpenAIError;
    if (error instanceof OpenAIError) answer = error;
    else {
      answer = internalError();
      process.stderr.write(`${JSON.stringify({ msg: 'mock-provider internal error', error: error instanceof Error ? error.stack : String(error) })}\n`);
    }
    if (!(await exchange.payLatency())) return;
    sendError(exchange, answer);
  } catch {
    exchange.destroyByServer();
  }
}
