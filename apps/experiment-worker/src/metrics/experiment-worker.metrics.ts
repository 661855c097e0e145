import { type MetricsService } from '@model-garden/platform';
import { type Queue } from 'bullmq';
import { Gauge } from 'prom-client';

const JOB_STATES = ['waiting', 'active', 'delayed', 'failed', 'completed', 'prioritized'] as const;

/** The experiment worker's Prometheus metrics: cells by outcome, cell duration, evaluator outcomes, queue depth. */
export class ExperimentWorkerMetrics {
  private readonly cells;
  private readonly cellDuration;
  private readonly evaluations;
  private readonly jobs;

  constructor(metrics: MetricsService, queues: readonly Queue[]) {
    this.cells = metrics.counter('experiment_worker_cells_total', 'Cells finished and published, by outcome (completed, failed, skipped)', ['outcome']);
    this.cellDuration = metrics.histogram('experiment_worker_cell_duration_seconds', 'Wall time of a cell: the answer and its evaluators', ['outcome'], [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120]);
    this.evaluations = metrics.counter('experiment_worker_evaluations_total', 'Evaluator verdicts, by type and outcome (pass, fail, error)', ['type', 'outcome']);
    this.jobs = metrics.counter('experiment_worker_jobs_total', 'Cell job events: retries, slot waits, stalled recoveries, gave-up', ['event']);
    new Gauge({
      name: 'model_garden_experiment_worker_queue_jobs',
      help: 'Jobs in the experiment cell queue, by state (read at scrape time)',
      labelNames: ['queue', 'state'],
      registers: [metrics.registry],
      async collect() {
        for (const queue of queues) {
          try {
            const counts = await queue.getJobCounts(...JOB_STATES);
            for (const state of JOB_STATES) this.set({ queue: queue.name, state }, counts[state] ?? 0);
          } catch {
            // Redis away: readiness reports it; the gauge keeps its last values.
          }
        }
      },
    });
  }

  recordCell(outcome: string, seconds: number): void {
    this.cells.inc({ outcome });
    this.cellDuration.observe({ outcome }, seconds);
  }

  recordEvaluation(type: string, outcome: 'pass' | 'fail' | 'error'): void {
    this.evaluations.inc({ type, outcome });
  }

  recordJob(event: string): void {
    this.jobs.inc({ event });
  }
}
