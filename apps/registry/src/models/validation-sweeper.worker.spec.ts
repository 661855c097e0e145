import { type AppLogger, MetricsService } from '@model-garden/platform';
import { type RegistryConfig } from '../config/registry.config';
import { type RequestStuckValidationsUseCase } from './usecases/request-stuck-validations/request-stuck-validations.usecase';
import { ValidationSweeper } from './validation-sweeper.worker';

function sweeper(batches: Array<string[] | Error>, stuckAfter = 900): { sweeper: ValidationSweeper; calls: () => number; warnings: string[] } {
  let calls = 0;
  const useCase = {
    execute: async () => {
      const next = batches[calls++] ?? [];
      if (next instanceof Error) throw next;
      return next;
    },
  } as unknown as RequestStuckValidationsUseCase;
  const warnings: string[] = [];
  const logger = { warn: (_: unknown, message: string) => warnings.push(message) } as unknown as AppLogger;
  const config = { REGISTRY_VALIDATION_STUCK_AFTER_SECONDS: stuckAfter, REGISTRY_VALIDATION_SWEEP_INTERVAL_SECONDS: 60 } as RegistryConfig;
  return { sweeper: new ValidationSweeper(config, useCase, new MetricsService(), logger), calls: () => calls, warnings };
}

describe('ValidationSweeper', () => {
  it('requests validation again for every stuck model, batch after full batch', async () => {
    const full = Array.from({ length: 100 }, (_, i) => `m${i}`);
    const { sweeper: s, calls, warnings } = sweeper([full, ['last']]);
    s.onApplicationBootstrap();
    expect(await s.sweep()).toBe(101);
    expect(calls()).toBe(2);
    expect(warnings).toHaveLength(2);
    await s.beforeApplicationShutdown();
  });

  it('does nothing when there is nothing stuck, and survives a failing sweep', async () => {
    const { sweeper: s, warnings } = sweeper([[], new Error('database away')]);
    expect(await s.sweep()).toBe(0);
    expect(await s.sweep()).toBe(0);
    expect(warnings).toEqual(['could not look for models stuck in validating; trying again at the next sweep']);
  });

  it('never runs two sweeps at once', async () => {
    const { sweeper: s, calls } = sweeper([['a']]);
    const [first, second] = await Promise.all([s.sweep(), s.sweep()]);
    expect([first, second].sort()).toEqual([0, 1]);
    expect(calls()).toBe(1);
  });
});
