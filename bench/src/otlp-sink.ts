import { createServer, type Server } from 'node:http';
import { type AddressInfo } from 'node:net';

/**
 * A local OTLP/HTTP trace endpoint for the traced gateway: reads and drops every
 * export (200 `{}`), counting requests and bytes, so the gateway pays its full export
 * cost while no collector's CPU lands on the machine under measurement.
 */
export class OtlpSink {
  private constructor(
    private readonly server: Server,
    readonly url: string,
    private readonly counts: { requests: number; bytes: number },
  ) {}

  /** Export requests received. */
  get requests(): number {
    return this.counts.requests;
  }

  /** Bytes of spans received. */
  get bytes(): number {
    return this.counts.bytes;
  }

  static async start(): Promise<OtlpSink> {
    const counts = { requests: 0, bytes: 0 };
    const server = createServer((req, res) => {
      req.on('data', (chunk: Buffer) => (counts.bytes += chunk.length));
      req.on('end', () => {
        counts.requests += 1;
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return new OtlpSink(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`, counts);
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
