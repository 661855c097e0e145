import { Injectable } from '@nestjs/common';
import { EVENT_TYPES, TOPICS } from '@model-garden/contracts';
import { DataSource } from 'typeorm';
import { OutboxService } from '../../../outbox/outbox.service';
import { RunRepository } from '../../run.repository';
import { type RequestStuckRunsCommand } from './request-stuck-runs.command';

/**
 * Asks the workers again for runs whose queued cells made no progress for too long:
 * a cell can be lost although every service did its part (its job ran out of attempts
 * while Kafka or the gateway was away and could not even publish its failure, or Redis
 * lost the queue). ExperimentRunRequested is written again for the run's current
 * dispatch; the worker re-enqueues by cell attempt (running and waiting jobs are left
 * alone, given-up ones retried), and the registry still stores each cell once. Rows
 * are locked with SKIP LOCKED, so several registries never ask twice for one run.
 */
@Injectable()
export class RequestStuckRunsUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly runs: RunRepository,
    private readonly outbox: OutboxService,
  ) {}

  /** The ids of the runs asked for again. */
  async execute(command: RequestStuckRunsCommand): Promise<string[]> {
    return this.dataSource.transaction(async (manager) => {
      const stuck = await this.runs.lockStuck(manager, command.stuckAfterSeconds, command.batchSize);
      for (const run of stuck) {
        await this.runs.touch(manager, run.runId);
        await this.outbox.append(manager, TOPICS.experiments, EVENT_TYPES.experimentRunRequested, run.runId, run);
      }
      return stuck.map((run) => run.runId);
    });
  }
}
