import { readFileSync } from 'node:fs';
import { REGISTRY_PROTO_PATH } from './registry-grpc';
import { mayCall, PLATFORM_SERVICES, REGISTRY_GRPC_METHOD_ACCESS, SERVICE_TOKEN_VARIABLES } from './service-access';

describe('registry gRPC access table', () => {
  const protoMethods = [...readFileSync(REGISTRY_PROTO_PATH, 'utf8').matchAll(/^\s*rpc\s+(\w+)\s*\(/gm)].map((m) => m[1]);

  it('names every method of registry.proto, and only those (add a line for a new method)', () => {
    expect(Object.keys(REGISTRY_GRPC_METHOD_ACCESS).sort()).toEqual([...protoMethods].sort());
  });

  it('never lets the gateway fetch validation credentials or list every workspace', () => {
    expect(mayCall('gateway', 'GetModelForValidation')).toBe(false);
    expect(mayCall('gateway', 'ListActiveModels')).toBe(false);
    expect(mayCall('validator', 'AuthenticateApiKey')).toBe(false);
  });

  it('refuses a method the table does not know to every service', () => {
    for (const service of PLATFORM_SERVICES) expect(mayCall(service, 'DropEverything')).toBe(false);
  });

  it('gives every service its own variable', () => {
    expect(new Set(Object.values(SERVICE_TOKEN_VARIABLES)).size).toBe(PLATFORM_SERVICES.length);
  });
});
