import { readFileSync } from 'node:fs';
import { internalUrl, logFile, nodeFlags, nodeFlagsFile, type ReplicaPorts, replicaCount, replicaName, replicaPorts, replicaUrl, SERVICES, serviceEnvironment, serviceUrl, type StackSettings } from './stack';

describe('nodeFlags', () => {
  it.each(SERVICES)("%s: runs with the flags of its node-flags file, the one definition every launcher reads", (service) => {
    const flags = nodeFlags(service, 'source');
    expect(flags.join(' ')).toBe(readFileSync(nodeFlagsFile(service, 'source'), 'utf8').trim());
    for (const flag of flags) expect(flag).toMatch(/^--[a-z-]+(=\S+)?$/);
  });

  it("caps the gateway's heap (the 150 MB peak RSS target of bench/README.md) and keeps source maps off its hot path", () => {
    const flags = nodeFlags('gateway', 'source');
    expect(flags.some((flag) => flag.startsWith('--max-old-space-size='))).toBe(true);
    expect(flags).not.toContain('--enable-source-maps');
  });
});

describe('replicas', () => {
  const replica = (base: number): ReplicaPorts => ({
    registry: base,
    registryGrpc: base + 1,
    registryInternal: base + 2,
    validator: base + 3,
    validatorInternal: base + 4,
    gateway: base + 5,
    gatewayInternal: base + 6,
    experimentWorker: base + 7,
    experimentWorkerInternal: base + 8,
  });
  const settings = (scaled: boolean): StackSettings => ({
    host: '127.0.0.1',
    ports: { ...replica(1000), mockProvider: 999 },
    ...(scaled ? { extraReplicas: [replica(2000)], entries: { registry: 3000, gateway: 3001 } } : {}),
    databaseUrl: 'postgres://postgres@127.0.0.1:5432/mg',
    databaseSchema: 'public',
    redisUrl: 'redis://127.0.0.1:6379',
    redisPrefix: 'mg',
    kafkaBrokers: '127.0.0.1:9092',
    kafkaTopicPrefix: '',
    kafkaGroupPrefix: 'mg-',
    adminToken: 'admin',
    serviceTokens: { validator: 'v', gateway: 'g', experimentWorker: 'e' },
    encryptionKeys: 'k1:x',
    mockProviderApiKey: 'sk-mock',
    outboundAllowlist: '127.0.0.1:*',
    logLevel: 'info',
    nodeEnv: 'test',
    logDir: '/tmp/logs',
  });

  it('one replica: every service on its own ports, the registry gRPC address alone', () => {
    const s = settings(false);
    expect(replicaCount(s)).toBe(1);
    expect(serviceUrl('gateway', s)).toBe('http://127.0.0.1:1005');
    expect(serviceEnvironment('gateway', s)['REGISTRY_GRPC_URL']).toBe('127.0.0.1:1001');
    expect(serviceEnvironment('registry', s)['GATEWAY_PUBLIC_URL']).toBe('http://127.0.0.1:1005/v1');
    expect(serviceEnvironment('gateway', s)).not.toHaveProperty('GATEWAY_TRUSTED_PROXIES');
  });

  it("second replicas: their own ports and log, one consumer group, every registry for gRPC, nginx's entries for clients", () => {
    const s = settings(true);
    expect(replicaCount(s)).toBe(2);
    const gateway2 = serviceEnvironment('gateway', s, 1);
    expect(gateway2).toMatchObject({ GATEWAY_PORT: '2005', GATEWAY_INTERNAL_PORT: '2006', REGISTRY_GRPC_URL: '127.0.0.1:1001,127.0.0.1:2001', GATEWAY_CORS_ORIGINS: 'http://127.0.0.1:3000' });
    expect([serviceEnvironment('gateway', s, 0)['GATEWAY_TRUSTED_PROXIES'], gateway2['GATEWAY_TRUSTED_PROXIES']]).toEqual(['127.0.0.2', '127.0.0.2']);
    expect(serviceEnvironment('validator', s, 1)['KAFKA_GROUP_ID']).toBe(serviceEnvironment('validator', s, 0)['KAFKA_GROUP_ID']);
    expect(serviceEnvironment('registry', s, 1)).toMatchObject({ REGISTRY_PORT: '2000', REGISTRY_GRPC_BIND: '127.0.0.1:2001', GATEWAY_PUBLIC_URL: 'http://127.0.0.1:3001/v1' });
    expect(serviceEnvironment('experiment-worker', s, 1)['GATEWAY_URL']).toBe('http://127.0.0.1:3001');
    const platform = serviceEnvironment('gateway', s, 0)['OUTBOUND_PLATFORM_ENDPOINTS']!.split(',');
    expect(platform).toEqual(expect.arrayContaining(['127.0.0.1:2005', '127.0.0.1:2001', '127.0.0.1:3000', '127.0.0.1:3001', '127.0.0.1:5432']));
    expect([serviceUrl('registry', s), replicaUrl('registry', s, 1), internalUrl('gateway', s, 1)]).toEqual(['http://127.0.0.1:3000', 'http://127.0.0.1:2000', 'http://127.0.0.1:2006']);
    expect([replicaName('gateway', 0), replicaName('gateway', 1), logFile('validator', s, 1)]).toEqual(['gateway', 'gateway-2', '/tmp/logs/validator-2.log']);
    // Each gateway replica its own usage journal, beside the logs unless the stack names a state directory.
    expect([serviceEnvironment('gateway', s, 0)['GATEWAY_USAGE_JOURNAL_DIR'], gateway2['GATEWAY_USAGE_JOURNAL_DIR']]).toEqual(['/tmp/logs/state/usage-journal/gateway', '/tmp/logs/state/usage-journal/gateway-2']);
    expect(serviceEnvironment('gateway', { ...s, stateDir: '/var/mg' }, 1)['GATEWAY_USAGE_JOURNAL_DIR']).toBe('/var/mg/usage-journal/gateway-2');
    expect(() => replicaPorts(s, 2)).toThrow('the stack has 2 replica(s); there is no replica 3');
  });
});
