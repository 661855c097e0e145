import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { Queue } from 'bullmq';
import { type ExperimentCellJobData, QUEUES } from '@model-garden/contracts';
import { ServiceConnections } from '@model-garden/platform';
import { ExperimentWorkerConfig } from '../config/experiment-worker.config';

const DAY_SECONDS = 86_400;

/** The backoff type of cell jobs: computed by the worker's strategy (jittered exponential). */
export const CELL_BACKOFF = 'experiment-cell';

/**
 * The experiment worker's BullMQ queue on the shared Redis connection, under
 * REDIS_PREFIX: one job per cell attempt. Completed jobs are kept for a day (the window
 * in which a redelivered ExperimentRunRequested finds them by id), failed ones a week.
 */
@Injectable()
export class CellQueues implements OnApplicationShutdown {
  readonly cells: Queue<ExperimentCellJobData>;

  constructor(connections: ServiceConnections, config: ExperimentWorkerConfig) {
    this.cells = new Queue<ExperimentCellJobData>(QUEUES.experimentCells, {
      connection: connections.redis,
      prefix: config.REDIS_PREFIX,
      defaultJobOptions: {
        attempts: config.EXPERIMENT_CELL_ATTEMPTS,
        backoff: { type: CELL_BACKOFF },
        removeOnComplete: { age: DAY_SECONDS, count: 200_000 },
        removeOnFail: { age: 7 * DAY_SECONDS, count: 100_000 },
      },
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.cells.close();
  }
}
