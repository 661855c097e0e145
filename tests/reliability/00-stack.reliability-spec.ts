import { type PlatformService, SERVICES } from '../../tools/stack/stack';
import { closeHttp, http } from './support/http';
import { portOpen } from './support/infra';
import { ready, state, url } from './support/stack-client';

afterAll(closeHttp);

/** The tier runs on its own infrastructure: nothing here is the machine's shared PostgreSQL, Redis or Kafka. */
describe('the reliability stack', () => {
  it('runs its own PostgreSQL, Redis and Kafka on ports of its own', async () => {
    for (const port of [state.postgres.port, state.redis.port, state.kafka.port]) {
      expect([5432, 6379, 9092]).not.toContain(port);
      expect(await portOpen(port)).toBe(true);
    }
  });

  it.each(SERVICES.filter((s): s is PlatformService => s !== 'mock-provider'))('%s is ready; its public port has no metrics', async (service) => {
    expect((await ready(service)).status).toBe(200);
    expect((await http(`${url(service)}/metrics`)).status).toBe(404);
  });
});
