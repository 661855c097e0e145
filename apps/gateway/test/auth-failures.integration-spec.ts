import { request } from 'node:http';
import { RegistryGrpcDouble } from '@model-garden/testing';
import { CacheInvalidationConsumer } from '../src/invalidation/cache-invalidation.consumer';
import { type GatewayHarness, SERVICE_TOKEN, startGateway } from './gateway-harness';

/**
 * The per-address limit on failed authentications with two gateway replicas: each
 * failure is also counted in Redis, so an address whose requests a load balancer
 * spreads over both replicas is refused after about the limit in total (the limit plus
 * one failure per other replica), not after the limit on each replica.
 */
const LIMIT = 4;
const FROM = '127.0.0.5';

describe('failed authentications across two gateway replicas', () => {
  let registry: RegistryGrpcDouble;
  const gateways: GatewayHarness[] = [];

  beforeAll(async () => {
    registry = await RegistryGrpcDouble.start(SERVICE_TOKEN);
    for (let i = 0; i < 2; i++) gateways.push(await startGateway(registry, { GATEWAY_AUTH_FAILURES_PER_MINUTE: String(LIMIT), GATEWAY_INTERNAL_PORT: '0' }));
    // Started (topics ensured, group joined) before the test, so closing them leaves nothing running.
    for (const gateway of gateways) await gateway.app.get(CacheInvalidationConsumer).ready();
  });

  afterAll(async () => {
    for (const gateway of gateways) await gateway.app.close();
    await registry?.close();
  });

  /** GET /v1/models with an unknown key from FROM through `gateway`: the status. */
  const failedCall = (gateway: GatewayHarness): Promise<number> =>
    new Promise((resolve, reject) => {
      const url = new URL(gateway.url);
      const req = request(
        { host: url.hostname, port: Number(url.port), path: '/v1/models', localAddress: FROM, agent: false, headers: { authorization: 'Bearer mg_unknown_key_0123456789abcdef' } },
        (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        },
      );
      req.on('error', reject);
      req.end();
    });

  it('refuses the address on both replicas after LIMIT + 1 failures spread over them (2 x LIMIT without the shared count)', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 2 * LIMIT; i++) statuses.push(await failedCall(gateways[i % 2]!));
    expect(statuses).toEqual([...Array(LIMIT + 1).fill(401), ...Array(LIMIT - 1).fill(429)]);
    expect(await failedCall(gateways[0]!)).toBe(429);
    expect(await failedCall(gateways[1]!)).toBe(429);
  });
});
