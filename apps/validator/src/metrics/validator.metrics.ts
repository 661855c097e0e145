import { type CheckResult } from '@model-garden/contracts';
import { type MetricsService } from '@model-garden/platform';
import { type Queue } from 'bullmq';
import { Gauge } from 'prom-client';

const JOB_STATES = ['waiting', 'active', 'delayed', 'failed', 'completed', 'prioritized'] as const;

/** The validator's Prometheus metrics: probe latency and outcome by check, queue depth, job attempts. */
export class ValidatorMetrics {
  private readonly checkDuration;
  private readonly checkOutcomes;
  private readonly jobOutcomes;
  private readonly jobAttempts;
  private readonly healthOutcomes;

  constructor(metrics: MetricsService, queues: readonly Queue[]) {
    this.checkDuration = metrics.histogram('validator_check_duration_seconds', 'Latency of validation and health checks, by check and outcome', ['check', 'status'], [
      0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60,
    ]);
    this.checkOutcomes = metrics.counter('validator_checks_total', 'Validation and health checks, by check, outcome and code', ['check', 'status', 'code']);
    this.jobOutcomes = metrics.counter('validator_jobs_total', 'Finished validation job attempts, by queue and outcome', ['queue', 'outcome']);
    this.jobAttempts = metrics.histogram('validator_job_attempts', 'Attempts a validation needed before its verdict was published', ['status'], [1, 2, 3, 4, 5, 8, 13, 20]);
    this.healthOutcomes = metrics.counter('validator_health_checks_total', 'Health re-checks, by resulting status and whether it changed', ['status', 'changed']);
    new Gauge({
      name: 'model_garden_validator_queue_jobs',
      help: 'Jobs in the validator queues, by queue and state (read at scrape time)',
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

  recordChecks(checks: readonly CheckResult[]): void {
    for (const check of checks) {
      if (check.status === 'skip' && check.latencyMs === 0) continue;
      this.checkDuration.observe({ check: check.name, status: check.status }, check.latencyMs / 1000);
      this.checkOutcomes.inc({ check: check.name, status: check.status, code: check.code });
    }
  }

  recordJob(queue: string, outcome: string): void {
    this.jobOutcomes.inc({ queue, outcome });
  }

  recordVerdict(status: string, attempts: number): void {
    this.jobAttempts.observe({ status }, attempts);
  }

  recordHealth(status: string, changed: boolean): void {
    this.healthOutcomes.inc({ status, changed: String(changed) });
  }
}
