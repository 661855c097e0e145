import { Injectable } from '@nestjs/common';
import { PermanentEventError } from '@model-garden/platform';
import { RegistryConfig } from '../../../config/registry.config';
import { UsageRecordEntity } from '../../usage-record.entity';
import { UsageRepository } from '../../usage.repository';
import { type RecordUsageBatchCommand } from './record-usage-batch.command';

const DAY_MS = 86_400_000;

export interface RecordUsageOutcome {
  recorded: number;
  duplicates: number;
}

/**
 * Stores a batch of requests' usage and adds it to the rollups in one statement: a
 * redelivered event (same request id and time) is neither stored nor counted again, and a
 * late event lands in the minute, hour and day it occurred in. A record's day gets its
 * partition first if the storage worker has not made it yet (within the raw retention and
 * the days ahead); an event outside that window can never be stored and is refused as
 * permanent (`outside_retention`), so the consumer parks it.
 */
@Injectable()
export class RecordUsageUseCase {
  /** Days (YYYY-MM-DD) whose partition this process knows exists. */
  private readonly knownDays = new Set<string>();

  constructor(
    private readonly usage: UsageRepository,
    private readonly config: RegistryConfig,
  ) {}

  async execute(command: RecordUsageBatchCommand): Promise<RecordUsageOutcome> {
    const now = Date.now();
    const oldest = Math.floor(now / DAY_MS - this.config.USAGE_RAW_RETENTION_DAYS) * DAY_MS;
    const newest = (Math.floor(now / DAY_MS) + this.config.USAGE_PARTITIONS_AHEAD_DAYS + 1) * DAY_MS;
    const records = command.usage.map((c) => {
      const occurredAt = new Date(c.occurredAt);
      if (occurredAt.getTime() < oldest || occurredAt.getTime() >= newest) {
        throw new PermanentEventError('outside_retention', `occurredAt is outside the days usage records are kept for (${this.config.USAGE_RAW_RETENTION_DAYS} days back, ${this.config.USAGE_PARTITIONS_AHEAD_DAYS} ahead)`);
      }
      return Object.assign(new UsageRecordEntity(), {
        requestId: c.requestId,
        workspaceId: c.workspaceId,
        apiKeyId: c.apiKeyId,
        modelId: c.modelId,
        modelRef: c.modelRef,
        endpoint: c.endpoint,
        status: c.status,
        errorCode: c.errorCode ?? null,
        inputTokens: c.inputTokens,
        outputTokens: c.outputTokens,
        images: c.images ?? 0,
        estimated: c.estimated,
        costUsd: c.costUsd,
        latencyMs: Math.round(c.latencyMs),
        streamed: c.streamed,
        occurredAt,
        deploymentId: c.deploymentId ?? null,
        deploymentKey: c.deploymentKey ?? null,
        deploymentVersion: c.deploymentVersion ?? null,
        deploymentVariant: c.deploymentVariant ?? null,
      });
    });
    const days = [...new Set(records.map((r) => r.occurredAt.toISOString().slice(0, 10)))].sort();
    await this.ensurePartitions(days);
    let recorded: number;
    try {
      recorded = await this.usage.record(records);
    } catch (error) {
      // 23514 "no partition of relation found": another replica's worker dropped one this process knew of.
      if ((error as { driverError?: { code?: string } }).driverError?.code !== '23514') throw error;
      this.knownDays.clear();
      await this.ensurePartitions(days);
      recorded = await this.usage.record(records);
    }
    return { recorded, duplicates: records.length - recorded };
  }

  private async ensurePartitions(days: string[]): Promise<void> {
    const missing = days.filter((day) => !this.knownDays.has(day));
    if (missing.length === 0) return;
    await this.usage.ensurePartitions(missing[0]!, missing.at(-1)!);
    for (const day of missing) this.knownDays.add(day);
  }
}
