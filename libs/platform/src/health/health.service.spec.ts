import { HealthService } from './health.service';

describe('HealthService', () => {
  it('is ready when every registered check passes', async () => {
    const health = new HealthService();
    health.register('database', async () => undefined);
    health.register('kafka', async () => undefined);
    const report = await health.readiness();
    expect(report.status).toBe('ok');
    expect(Object.keys(report.checks)).toEqual(['database', 'kafka']);
  });

  it('reports the failing dependency with its reason', async () => {
    const health = new HealthService();
    health.register('database', async () => undefined);
    health.register('redis', async () => {
      throw new Error('connect ECONNREFUSED 127.0.0.1:6379');
    });
    const report = await health.readiness();
    expect(report.status).toBe('unavailable');
    expect(report.checks['redis']).toMatchObject({ status: 'down', error: 'connect ECONNREFUSED 127.0.0.1:6379' });
    expect(report.checks['database']!.status).toBe('up');
  });

  it('bounds a hung check instead of hanging the probe', async () => {
    const health = new HealthService();
    health.register('kafka', () => new Promise<void>(() => undefined));
    const report = await health.readiness(50);
    expect(report.checks['kafka']).toMatchObject({ status: 'down', error: 'kafka did not answer within 50 ms' });
  });

  it('turns unready once shutdown starts', async () => {
    const health = new HealthService();
    health.markShuttingDown();
    expect((await health.readiness()).status).toBe('unavailable');
  });
});
