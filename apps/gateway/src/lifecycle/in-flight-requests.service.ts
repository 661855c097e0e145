import { type BeforeApplicationShutdown, Inject, Injectable } from '@nestjs/common';
import { type AppLogger, LOGGER } from '@model-garden/platform';
import { GatewayConfig } from '../config/gateway.config';

/** A request being answered, as the drain sees it. */
export interface Drainable {
  /** Ends the request now (a stream gets an error event and ends). */
  stopForShutdown(): void;
}

/** Time kept for the rest of the shutdown (closing the server, publishing usage, disconnecting) after the drain. */
const RESERVED_FOR_CLOSE_MS = 3_000;

/**
 * Tracks the inference requests in flight so a graceful shutdown lets them finish:
 * new requests are refused with 503 once draining starts (readiness is already down),
 * running ones (streams included) get until the deadline, then are stopped.
 */
@Injectable()
export class InFlightRequests implements BeforeApplicationShutdown {
  private readonly active = new Set<Drainable>();
  private idle: (() => void) | undefined;
  private drainingSince: number | undefined;
  private readonly drainMs: number;

  constructor(config: GatewayConfig, @Inject(LOGGER) private readonly logger: AppLogger) {
    this.drainMs = Math.max(1_000, config.SHUTDOWN_TIMEOUT_SECONDS * 1000 - RESERVED_FOR_CLOSE_MS);
  }

  get draining(): boolean {
    return this.drainingSince !== undefined;
  }

  get size(): number {
    return this.active.size;
  }

  add(request: Drainable): void {
    this.active.add(request);
  }

  delete(request: Drainable): void {
    this.active.delete(request);
    if (this.active.size === 0) this.idle?.();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.drain(this.drainMs);
  }

  /** Waits for the requests in flight, at most `timeoutMs`, then stops the rest. */
  async drain(timeoutMs: number): Promise<void> {
    this.drainingSince ??= Date.now();
    if (this.active.size > 0) {
      this.logger.info({ inFlight: this.active.size, timeoutMs }, 'draining in-flight requests');
      let timer: NodeJS.Timeout | undefined;
      await new Promise<void>((resolve) => {
        this.idle = resolve;
        timer = setTimeout(resolve, timeoutMs);
      });
      clearTimeout(timer);
      this.idle = undefined;
    }
    if (this.active.size > 0) {
      this.logger.warn({ inFlight: this.active.size }, 'drain deadline reached: stopping the requests still running');
      for (const request of [...this.active]) request.stopForShutdown();
    }
  }
}
