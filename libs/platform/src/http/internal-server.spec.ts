import { HealthService } from '../health';
import { MetricsService } from '../metrics';
import { InternalListener } from './internal-server';

describe('InternalListener', () => {
  let listener: InternalListener;

  beforeAll(async () => {
    const health = new HealthService();
    health.register('redis', async () => {
      throw new Error('connect ECONNREFUSED 127.0.0.1:6379');
    });
    listener = await InternalListener.start(health, new MetricsService(), { host: '127.0.0.1', port: 0 });
  });

  afterAll(() => listener.close());

  it('serves Prometheus metrics', async () => {
    const response = await fetch(`${listener.url}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/plain');
    expect(await response.text()).toContain('model_garden_process_cpu_user_seconds_total');
  });

  it('serves the detailed readiness, naming the failing dependency and its error', async () => {
    const response = await fetch(`${listener.url}/health/ready`);
    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({ status: 'unavailable', checks: { redis: { status: 'down', error: 'connect ECONNREFUSED 127.0.0.1:6379' } } });
    expect((await fetch(`${listener.url}/health/live`)).status).toBe(200);
  });

  it('answers 404 elsewhere and 405 to writes', async () => {
    expect((await fetch(`${listener.url}/v1/models`)).status).toBe(404);
    expect((await fetch(`${listener.url}/metrics`, { method: 'POST' })).status).toBe(405);
  });
});
