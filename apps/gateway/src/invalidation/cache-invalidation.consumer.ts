import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { type ApiKeyRevokedData, type BudgetChangedData, type DeploymentPublishedData, type WorkspaceRegionsChangedData, type EventEnvelope, EVENT_TYPES, prefixedTopic, TOPICS } from '@model-garden/contracts';
import { type AppLogger, ensureTopics, type EventConsumer, LOGGER, MetricsService, PermanentEventError, ServiceConnections, startEventConsumer } from '@model-garden/platform';
import { ApiKeyAuthenticator } from '../auth/api-key-authenticator.service';
import { BudgetResolver } from '../budgets/budget-resolver.service';
import { ModelResolver } from '../catalogue/model-resolver.service';
import { GatewayConfig } from '../config/gateway.config';
import { DeploymentResolver } from '../deployments/deployment-resolver.service';
import { GatewayMetrics } from '../metrics/gateway.metrics';

/**
 * A second invalidation shortly after the first: the registry may apply a change
 * (a validation result) just after this replica saw the event and re-resolved the
 * old state. Dropping the entry again closes that window.
 */
const REPEAT_AFTER_MS = 1_000;
const START_RETRY_MS = 2_000;

interface ModelEventData {
  modelId?: unknown;
  workspaceId?: unknown;
}

/**
 * Drops cached keys, models, deployments and budgets when the registry says they changed. Every replica
 * has its own consumer group (`KAFKA_GROUP_ID-<instance id>`), so each one sees every
 * event; it starts at the latest offset (its cache starts empty). Starting never
 * blocks the gateway: while Kafka is away it retries, and the caches' TTL bounds
 * staleness meanwhile. An unparseable message or a revocation without a key id is
 * parked on the topic's dead-letter topic (once per replica: each has its own group).
 */
@Injectable()
export class CacheInvalidationConsumer implements OnApplicationBootstrap, OnApplicationShutdown {
  readonly groupId: string;
  private consumer: EventConsumer | undefined;
  private stopped = false;
  private retryTimer: NodeJS.Timeout | undefined;
  private readonly repeats = new Map<string, NodeJS.Timeout>();
  private readonly log: AppLogger;
  private readonly topics: string[];
  private started: Promise<void> | undefined;

  constructor(
    private readonly connections: ServiceConnections,
    private readonly config: GatewayConfig,
    private readonly auth: ApiKeyAuthenticator,
    private readonly models: ModelResolver,
    private readonly deployments: DeploymentResolver,
    private readonly budgets: BudgetResolver,
    private readonly metrics: GatewayMetrics,
    private readonly metricsService: MetricsService,
    @Inject(LOGGER) logger: AppLogger,
  ) {
    const instance = config.GATEWAY_INSTANCE_ID ?? `${hostname().replace(/[^A-Za-z0-9._-]/g, '-').slice(0, 40)}-${process.pid}-${randomBytes(3).toString('hex')}`;
    this.groupId = `${config.KAFKA_GROUP_ID}-${instance}`;
    this.log = logger.child({ component: 'cache-invalidation', groupId: this.groupId });
    this.topics = [TOPICS.models, TOPICS.validation, TOPICS.apiKeys, TOPICS.deployments, TOPICS.budgets].map((topic) => prefixedTopic(config.KAFKA_TOPIC_PREFIX, topic));
  }

  onApplicationBootstrap(): void {
    this.started = this.start();
  }

  /** Resolves once the consumer has joined its group (tests wait for it). */
  async ready(): Promise<void> {
    while (!this.stopped && this.consumer === undefined) {
      await this.started;
      if (this.consumer === undefined) await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  private async start(): Promise<void> {
    if (this.stopped) return;
    try {
      const admin = await this.connections.kafkaAdmin.connect();
      await ensureTopics(admin, [...this.topics, prefixedTopic(this.config.KAFKA_TOPIC_PREFIX, TOPICS.usage)], this.config.KAFKA_TOPIC_PARTITIONS, { logger: this.log });
      const consumer = await startEventConsumer({
        kafka: this.connections.kafka,
        groupId: this.groupId,
        topics: this.topics,
        logger: this.log,
        fromBeginning: false,
        handle: async (event) => this.apply(event),
        metrics: this.metricsService,
        deadLetterPartitions: this.config.KAFKA_TOPIC_PARTITIONS,
      });
      if (this.stopped) {
        await consumer.disconnect().catch(() => undefined);
        return;
      }
      this.consumer = consumer;
      this.log.info({ topics: this.topics }, 'listening for key, model, deployment and budget changes');
    } catch (error) {
      this.log.warn({ err: error }, 'could not start the cache invalidation consumer; retrying');
      this.retryTimer = setTimeout(() => {
        this.started = this.start();
      }, START_RETRY_MS);
      this.retryTimer.unref();
    }
  }

  /** Applies one registry event to the caches (public for tests). */
  apply(event: EventEnvelope): void {
    const data = (event.data ?? {}) as ModelEventData & Partial<ApiKeyRevokedData>;
    switch (event.type) {
      case EVENT_TYPES.apiKeyRevoked: {
        // A revocation that names no key can never be applied: parked on the dead-letter topic.
        if (typeof data.apiKeyId !== 'string' || data.apiKeyId === '') throw new PermanentEventError('invalid', 'data.apiKeyId is missing');
        const apiKeyId = data.apiKeyId;
        const prefix = typeof data.prefix === 'string' ? data.prefix : undefined;
        this.auth.revoke(apiKeyId, prefix);
        this.metrics.invalidations.inc({ kind: 'api_key' });
        return;
      }
      case EVENT_TYPES.workspaceRegionsChanged: {
        // The keys' resolution carries the workspace's regions: resolve them again on their next call.
        const workspaceId = (event.data as Partial<WorkspaceRegionsChangedData> | undefined)?.workspaceId;
        if (typeof workspaceId !== 'string' || workspaceId === '') throw new PermanentEventError('invalid', 'data.workspaceId is missing');
        this.auth.dropWorkspace(workspaceId);
        this.metrics.invalidations.inc({ kind: 'workspace' });
        return;
      }
      case EVENT_TYPES.modelAdded: {
        if (typeof data.workspaceId === 'string') this.models.invalidateUnknown(data.workspaceId);
        this.metrics.invalidations.inc({ kind: 'model_added' });
        return;
      }
      case EVENT_TYPES.modelUpdated:
      case EVENT_TYPES.modelDeleted:
      case EVENT_TYPES.modelValidationRequested:
      case EVENT_TYPES.modelValidated:
      case EVENT_TYPES.modelHealthChanged: {
        const modelId = typeof data.modelId === 'string' ? data.modelId : event.subject;
        const workspaceId = typeof data.workspaceId === 'string' ? data.workspaceId : undefined;
        this.models.invalidateModel(modelId, workspaceId);
        this.metrics.invalidations.inc({ kind: 'model' });
        this.repeat(modelId, workspaceId);
        return;
      }
      case EVENT_TYPES.deploymentPublished:
      case EVENT_TYPES.deploymentDeleted: {
        const deployment = (event.data ?? {}) as Partial<DeploymentPublishedData>;
        const deploymentId = typeof deployment.deploymentId === 'string' ? deployment.deploymentId : event.subject;
        const workspaceId = typeof deployment.workspaceId === 'string' ? deployment.workspaceId : undefined;
        const key = typeof deployment.key === 'string' ? deployment.key : undefined;
        this.deployments.invalidate(deploymentId, workspaceId, key);
        this.metrics.invalidations.inc({ kind: 'deployment' });
        return;
      }
      case EVENT_TYPES.budgetChanged: {
        const budget = (event.data ?? {}) as Partial<BudgetChangedData>;
        if (typeof budget.workspaceId !== 'string' || budget.workspaceId === '') throw new PermanentEventError('invalid', 'data.workspaceId is missing');
        this.budgets.invalidate(budget.workspaceId);
        this.metrics.invalidations.inc({ kind: 'budget' });
        return;
      }
      default:
        return;
    }
  }

  private repeat(modelId: string, workspaceId: string | undefined): void {
    const existing = this.repeats.get(modelId);
    if (existing) clearTimeout(existing);
    const timer = setTimeout(() => {
      this.repeats.delete(modelId);
      this.models.invalidateModel(modelId, workspaceId);
    }, REPEAT_AFTER_MS);
    timer.unref();
    this.repeats.set(modelId, timer);
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    for (const timer of this.repeats.values()) clearTimeout(timer);
    this.repeats.clear();
    const consumer = this.consumer;
    this.consumer = undefined;
    if (consumer === undefined) return;
    await consumer.disconnect().catch(() => undefined);
    // The group belongs to this process only: remove it rather than leave it to expire.
    try {
      const admin = await this.connections.kafkaAdmin.connect();
      await admin.deleteGroups([this.groupId]);
    } catch {
      // best effort
    }
  }
}
