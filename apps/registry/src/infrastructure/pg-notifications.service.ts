import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { type AppLogger, LOGGER } from '@model-garden/platform';
import { Client } from 'pg';
import { type EntityManager } from 'typeorm';
import { RegistryConfig } from '../config/registry.config';

/** What a notification is about: outbox rows to publish, or a model whose status changed. */
export type NotificationKind = 'outbox' | 'models';
/** Called with the payload, or with `undefined` after a reconnect (anything may have been missed). */
export type NotificationListener = (payload: string | undefined) => void;

const KINDS: readonly NotificationKind[] = ['outbox', 'models'];

/**
 * PostgreSQL LISTEN/NOTIFY on one dedicated connection. A NOTIFY sent inside a
 * transaction is delivered to every replica when it commits, so a replica learns
 * of another's outbox rows and validation results at once. Channels are named per
 * schema, so registries in other schemas of the same database never hear each
 * other. The connection reconnects by itself; listeners then get `undefined` and
 * re-read what they need (the poll fallbacks cover the gap anyway).
 */
@Injectable()
export class PgNotifications implements OnApplicationBootstrap, OnApplicationShutdown {
  private client: Client | undefined;
  private readonly listeners = new Map<NotificationKind, Set<NotificationListener>>(KINDS.map((k) => [k, new Set()]));
  private reconnectTimer: NodeJS.Timeout | undefined;
  private reconnectDelayMs = 250;
  private stopped = false;

  constructor(
    private readonly config: RegistryConfig,
    @Inject(LOGGER) private readonly logger: AppLogger,
  ) {}

  channel(kind: NotificationKind): string {
    return `mg_${kind}_${this.config.DATABASE_SCHEMA}`.slice(0, 63);
  }

  on(kind: NotificationKind, listener: NotificationListener): () => void {
    this.listeners.get(kind)!.add(listener);
    return () => this.listeners.get(kind)!.delete(listener);
  }

  /** Queues a notification in the caller's transaction; it is delivered on commit (and dropped on rollback). */
  async notify(manager: EntityManager, kind: NotificationKind, payload = ''): Promise<void> {
    await manager.query('SELECT pg_notify($1, $2)', [this.channel(kind), payload]);
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.connect();
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    const client = new Client({ connectionString: this.config.DATABASE_URL, application_name: 'model-garden-registry-listen' });
    client.on('notification', (message) => {
      const kind = KINDS.find((k) => this.channel(k) === message.channel);
      if (kind) this.emit(kind, message.payload ?? '');
    });
    client.on('error', (error) => this.lost(client, error));
    client.on('end', () => this.lost(client));
    try {
      await client.connect();
      for (const kind of KINDS) await client.query(`LISTEN "${this.channel(kind)}"`);
      this.client = client;
      this.reconnectDelayMs = 250;
      for (const kind of KINDS) this.emit(kind, undefined);
    } catch (error) {
      await client.end().catch(() => undefined);
      this.lost(client, error);
    }
  }

  private lost(client: Client, error?: unknown): void {
    if (this.stopped || (this.client !== undefined && this.client !== client) || this.reconnectTimer) return;
    this.client = undefined;
    this.logger.warn({ err: error, retryInMs: this.reconnectDelayMs }, 'PostgreSQL LISTEN connection lost; reconnecting');
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = undefined;
      void this.connect();
    }, this.reconnectDelayMs);
    this.reconnectTimer.unref();
    this.reconnectDelayMs = Math.min(this.reconnectDelayMs * 2, 10_000);
  }

  private emit(kind: NotificationKind, payload: string | undefined): void {
    for (const listener of this.listeners.get(kind)!) {
      try {
        listener(payload);
      } catch (error) {
        this.logger.error({ err: error, kind }, 'notification listener failed');
      }
    }
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.reconnectTimer);
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }
}
