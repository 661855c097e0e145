import { Injectable } from '@nestjs/common';
import { type RollupLevel, UsageRepository } from '../../usage.repository';
import { type MaintainUsageStorageCommand } from './maintain-usage-storage.command';

const DAY_MS = 86_400_000;

export interface UsageStorageOutcome {
  /** False when another replica held the lock: it does the work. */
  ran: boolean;
  partitionsCreated: number;
  partitionsDropped: string[];
  rollupsDeleted: Record<RollupLevel, number>;
}

/**
 * Keeps usage storage in shape, one replica at a time (a PostgreSQL advisory lock; the
 * others skip): creates the daily partitions of usage_records for today and the days
 * ahead, drops whole the partitions older than the raw retention (rollups are separate
 * tables and keep every figure), and deletes each rollup level's rows older than its own
 * retention. Each step commits on its own, so a partition drop holds its lock briefly.
 */
@Injectable()
export class MaintainUsageStorageUseCase {
  constructor(private readonly usage: UsageRepository) {}

  async execute(command: MaintainUsageStorageCommand): Promise<UsageStorageOutcome> {
    const today = Math.floor(Date.now() / DAY_MS) * DAY_MS;
    const day = (offsetDays: number): string => new Date(today + offsetDays * DAY_MS).toISOString().slice(0, 10);
    const outcome = await this.usage.withStorageLock(async (manager) => {
      const partitionsCreated = await this.usage.ensurePartitions(day(0), day(command.partitionsAheadDays), manager);
      const partitionsDropped = await this.usage.dropPartitionsBefore(day(-command.rawRetentionDays), manager);
      const rollupsDeleted: Record<RollupLevel, number> = {
        minute: await this.usage.deleteRollupsBefore('minute', new Date(today - command.minuteRetentionDays * DAY_MS), manager),
        hour: await this.usage.deleteRollupsBefore('hour', new Date(today - command.hourRetentionDays * DAY_MS), manager),
        day: await this.usage.deleteRollupsBefore('day', new Date(today - command.dayRetentionDays * DAY_MS), manager),
      };
      return { ran: true, partitionsCreated, partitionsDropped, rollupsDeleted };
    });
    return outcome ?? { ran: false, partitionsCreated: 0, partitionsDropped: [], rollupsDeleted: { minute: 0, hour: 0, day: 0 } };
  }
}
