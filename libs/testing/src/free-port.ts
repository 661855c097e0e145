import { createServer } from 'node:net';

/**
 * A TCP port that is free on `host` right now (the kernel picks it): for test runs,
 * the reliability stack and the benchmark, which must not collide with a running stack
 * or with each other. Node-only imports, so Jest's global setups and the benchmark can
 * load this file by path.
 */
export function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, host, () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}
