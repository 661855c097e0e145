import { createServer } from 'node:net';

/** Ports this process handed out already (a stack takes a dozen at once, before any is bound). */
const handedOut = new Set<string>();

/**
 * A TCP port that is free on `host` right now (the kernel picks it) and never one this
 * process handed out before: for test runs, the reliability stack and the benchmark,
 * which must not collide with a running stack, with each other, or with a port taken
 * a moment ago but not yet bound. Node-only imports, so Jest's global setups and the
 * benchmark can load this file by path.
 */
export async function freePort(host = '127.0.0.1'): Promise<number> {
  for (;;) {
    const port = await anyFreePort(host);
    const key = `${host}:${port}`;
    if (handedOut.has(key)) continue;
    handedOut.add(key);
    return port;
  }
}

function anyFreePort(host: string): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, host, () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** True when nothing listens on `host:port` right now (a fixed port of `npm run up`, checked before its process starts). */
export function isPortFree(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise<boolean>((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, host, () => server.close(() => resolve(true)));
  });
}
