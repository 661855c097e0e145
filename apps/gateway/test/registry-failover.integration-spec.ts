import { RegistryGrpcClient } from '@model-garden/platform';
import { RegistryGrpcDouble } from '@model-garden/testing';
import { firstValueFrom } from 'rxjs';

const TOKEN = 'failover-spec-service-token';

/**
 * Two registries behind one REGISTRY_GRPC_URL list: grpc-js spreads the calls over both
 * (round_robin), and once the first is killed every call goes on through the second.
 */
describe('RegistryGrpcClient with several registries', () => {
  let first: RegistryGrpcDouble;
  let second: RegistryGrpcDouble;
  let client: RegistryGrpcClient;

  beforeAll(async () => {
    first = await RegistryGrpcDouble.start(TOKEN);
    second = await RegistryGrpcDouble.start(TOKEN);
    for (const registry of [first, second]) registry.putKey({ secret: 'mg_failover_key', apiKeyId: 'key-1', workspaceId: 'ws-1' });
    client = new RegistryGrpcClient({ url: `${first.url},${second.url}`, serviceToken: TOKEN });
  });

  afterAll(async () => {
    client.close();
    await second.close();
    first.kill();
  });

  const authenticate = () => firstValueFrom(client.service.authenticateApiKey({ apiKey: 'mg_failover_key' }, client.metadata()));

  it('spreads calls over every listed registry, then skips the one that was killed', async () => {
    await client.ready(10_000);
    // round_robin connects to both; the calls alternate once both are ready.
    for (let i = 0; i < 20 && (first.calls.authenticateApiKey === 0 || second.calls.authenticateApiKey === 0); i++) {
      expect((await authenticate()).apiKeyId).toBe('key-1');
    }
    expect(first.calls.authenticateApiKey).toBeGreaterThan(0);
    expect(second.calls.authenticateApiKey).toBeGreaterThan(0);

    first.kill();
    const before = { first: first.calls.authenticateApiKey, second: second.calls.authenticateApiKey };
    // A call already routed to the dead connection may fail once (UNAVAILABLE); every one after it succeeds.
    const outcomes: string[] = [];
    for (let i = 0; i < 10; i++) outcomes.push(await authenticate().then((a) => a.apiKeyId, (error: Error) => `failed: ${error.message}`));
    expect(outcomes.slice(-8)).toEqual(Array(8).fill('key-1'));
    expect(outcomes.filter((o) => o !== 'key-1').length).toBeLessThanOrEqual(1);
    expect(first.calls.authenticateApiKey).toBe(before.first);
    expect(second.calls.authenticateApiKey).toBeGreaterThanOrEqual(before.second + 9);
  });
});
