import { networkInterfaces } from 'node:os';
import { classifyIpAddress } from './address-classifier';
import { registryGrpcEndpoints } from '../grpc/registry-target';
import { createPlatformEndpoints, parsePlatformEndpoint, PlatformEndpointError, platformEndpointsFromConfig } from './platform-endpoints';

const address = (text: string) => {
  const classified = classifyIpAddress(text);
  if (!classified) throw new Error(`not an address: ${text}`);
  return classified;
};

describe('parsePlatformEndpoint', () => {
  it.each([
    ['registry:3000', { host: 'registry', port: 3000, named: true }],
    ['Kafka.Internal.:9092', { host: 'kafka.internal', port: 9092, named: true }],
    ['127.0.0.1:50051', { host: '127.0.0.1', port: 50051, named: false }],
    ['[::1]:3002', { host: '::1', port: 3002, named: false }],
    ['postgres://mg:secret@db:5432/mg', { host: 'db', port: 5432, named: true }],
    ['postgresql://db/mg', { host: 'db', port: 5432, named: true }],
    ['redis://127.0.0.1:6380', { host: '127.0.0.1', port: 6380, named: false }],
    ['rediss://cache.internal', { host: 'cache.internal', port: 6379, named: true }],
  ])('reads %s', (text, expected) => {
    expect(parsePlatformEndpoint(text)).toEqual(expected);
  });

  it.each([
    ['registry', /is not host:port/],
    ['::1:3000', /is not host:port/],
    ['registry:0', /has no valid port/],
    ['registry:99999', /has no valid port/],
    ['ftp://files.internal', /has no valid port/],
  ])('refuses %s, naming the variable and the entry', (text, message) => {
    expect(() => parsePlatformEndpoint(text)).toThrow(PlatformEndpointError);
    expect(() => parsePlatformEndpoint(text)).toThrow(message);
    expect(() => parsePlatformEndpoint(text)).toThrow(/^OUTBOUND_PLATFORM_ENDPOINTS entry /);
  });

  it('never repeats a URL password in its error', () => {
    expect(() => parsePlatformEndpoint('postgres://mg:hunter2@db:0/x')).toThrow(/^(?!.*hunter2)/);
  });
});

describe('createPlatformEndpoints', () => {
  it('refuses the local ports on every address of this machine, and only those ports', () => {
    const platform = createPlatformEndpoints({ localPorts: [3000, 50051] });
    for (const text of ['127.0.0.1', '127.9.9.9', '::1', '0.0.0.0', '::', '::ffff:127.0.0.1']) {
      expect({ text, refused: platform.includes(address(text), 3000) }).toEqual({ text, refused: true });
    }
    const own = Object.values(networkInterfaces())
      .flatMap((list) => list ?? [])
      .map((info) => info.address.split('%')[0])
      .find((a) => classifyIpAddress(a)?.category !== 'loopback');
    if (own !== undefined) expect(platform.includes(address(own), 50051)).toBe(true);
    expect(platform.includes(address('127.0.0.1'), 3001)).toBe(false);
    expect(platform.includes(address('10.200.0.1'), 3000)).toBe(false);
  });

  it('makes the port of an endpoint on a local address a local port', () => {
    const platform = createPlatformEndpoints({ endpoints: ['127.0.0.1:9092', 'localhost:6379', '0.0.0.0:5432'], extra: ' registry:3000,\n10.0.0.4:3001 ' });
    expect([...platform.localPorts].sort()).toEqual([5432, 6379, 9092]);
    expect(platform.includes(address('::1'), 9092)).toBe(true);
    expect(platform.includes(address('10.9.9.9'), 3000, 'REGISTRY.')).toBe(true);
    expect(platform.includes(address('10.9.9.9'), 3000, 'other')).toBe(false);
    expect(platform.includes(address('10.9.9.9'), 3000, 'other', new Set(['registry']))).toBe(true);
    expect(platform.includes(address('10.0.0.4'), 3001)).toBe(true);
    expect(platform.namedEndpointsOnPort(3000)).toEqual(['registry']);
    expect(platform.namedEndpointsOnPort(6379)).toEqual([]);
  });

  it('treats every registry of a REGISTRY_GRPC_URL list (or its dns: name) as a platform endpoint', () => {
    const config = { KAFKA_BROKERS: ['kafka:9092'], REDIS_URL: 'redis://cache:6379', OUTBOUND_PLATFORM_ENDPOINTS: '' };
    const listed = platformEndpointsFromConfig(config, { localPorts: [3002], endpoints: registryGrpcEndpoints('10.0.0.5:50051,10.0.0.6:50052') });
    expect(listed.includes(address('10.0.0.5'), 50051)).toBe(true);
    expect(listed.includes(address('10.0.0.6'), 50052)).toBe(true);
    expect(listed.includes(address('10.0.0.6'), 50051)).toBe(false);
    const named = platformEndpointsFromConfig(config, { localPorts: [3002], endpoints: registryGrpcEndpoints('dns:///registry.mg.svc:50051') });
    expect(named.includes(address('10.9.9.9'), 50051, 'registry.mg.svc')).toBe(true);
    expect(named.namedEndpointsOnPort(50051)).toEqual(['registry.mg.svc']);
  });
});
