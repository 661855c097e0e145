import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { type AddressInfo } from 'node:net';
import { type HealthService } from '../health';
import { type MetricsService } from '../metrics';

/** Where the internal listener binds: never a public port (metrics and detailed readiness name dependencies and load). */
export interface InternalListenerOptions {
  host: string;
  /** 0 picks a free port (tests). */
  port: number;
}

/**
 * The internal listener every service runs beside its public port: Prometheus
 * `/metrics`, `/health/live` and the detailed `/health/ready` (each dependency with its
 * latency and error). The public port answers readiness with a bare status only.
 * Plain node:http: three routes do not need a framework, and a scrape never queues
 * behind the public traffic's hooks.
 */
export class InternalListener {
  private readonly server: Server;

  private constructor(
    private readonly health: HealthService,
    private readonly metrics: MetricsService,
  ) {
    this.server = createServer((req, res) => {
      void this.handle(req, res);
    });
    this.server.requestTimeout = 10_000;
    this.server.headersTimeout = 5_000;
    this.server.keepAliveTimeout = 5_000;
  }

  static async start(health: HealthService, metrics: MetricsService, options: InternalListenerOptions): Promise<InternalListener> {
    const listener = new InternalListener(health, metrics);
    await new Promise<void>((resolve, reject) => {
      listener.server.once('error', reject);
      listener.server.listen(options.port, options.host, () => {
        listener.server.off('error', reject);
        resolve();
      });
    });
    return listener;
  }

  /** `http://host:port` of the listener. */
  get url(): string {
    const address = this.server.address() as AddressInfo;
    const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
    return `http://${host}:${address.port}`;
  }

  close(): Promise<void> {
    return new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeIdleConnections();
    });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?', 1)[0];
    req.resume();
    try {
      if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'application/json', '{"error":"method not allowed"}');
      if (path === '/metrics') return send(res, 200, this.metrics.registry.contentType, await this.metrics.registry.metrics());
      if (path === '/health/live') return send(res, 200, 'application/json', '{"status":"ok"}');
      if (path === '/health/ready') {
        const report = await this.health.readiness();
        return send(res, report.status === 'ok' ? 200 : 503, 'application/json', JSON.stringify(report));
      }
      send(res, 404, 'application/json', '{"error":"not found"}');
    } catch {
      send(res, 500, 'application/json', '{"error":"internal error"}');
    }
  }
}

function send(res: ServerResponse, status: number, contentType: string, body: string): void {
  if (res.headersSent) return;
  res.writeHead(status, { 'content-type': contentType, 'content-length': Buffer.byteLength(body), 'x-content-type-options': 'nosniff', 'cache-control': 'no-store' });
  res.end(body);
}
