import { parseOutboundAllowlist } from '@model-garden/platform';
import {
  appServiceProblems,
  configClassContract,
  environmentProblems,
  loadComposeProject,
  readEnvExample,
  sampleSecrets,
  serviceEnvironment,
} from '@model-garden/testing';
import { GatewayConfig } from './gateway.config';

// docker-compose.yml cannot be run here (no Docker engine): check it against the
// gateway's real config validation instead.
const contract = configClassContract(GatewayConfig, (config) => {
  parseOutboundAllowlist(config.OUTBOUND_ALLOWLIST);
});

describe('docker-compose.yml: gateway', () => {
  const project = loadComposeProject(sampleSecrets());
  const env = serviceEnvironment(project.services['gateway']!, 'gateway');

  it('sets every required variable, none the gateway does not read, and values it accepts', () => {
    expect(environmentProblems(env, contract)).toEqual([]);
  });

  it('accepts the optional values documented in .env.example', () => {
    const documented = loadComposeProject({ ...readEnvExample().optional, ...sampleSecrets() });
    expect(environmentProblems(serviceEnvironment(documented.services['gateway']!), contract)).toEqual([]);
  });

  it('without .env, stops at start naming the missing SERVICE_TOKEN', () => {
    expect(() => contract.validate(serviceEnvironment(loadComposeProject({}).services['gateway']!))).toThrow(/SERVICE_TOKEN/);
  });

  it('starts after Redis, Kafka and the registry are healthy, and has a healthcheck', () => {
    expect(
      appServiceProblems(project, 'gateway', {
        hostVariable: 'GATEWAY_HOST',
        portVariable: 'GATEWAY_PORT',
        healthPath: '/health/ready',
        dockerfile: 'apps/gateway/Dockerfile',
        dependsOn: { redis: 'service_healthy', kafka: 'service_healthy', registry: 'service_healthy' },
      }),
    ).toEqual([]);
  });

  it("calls the registry's gRPC API where the registry binds it", () => {
    const grpcPort = serviceEnvironment(project.services['registry']!)['REGISTRY_GRPC_BIND']!.split(':').pop();
    expect(env['REGISTRY_GRPC_URL']).toBe(`registry:${grpcPort}`);
  });

  it('lets upstream calls reach the mock provider by its service name', () => {
    expect(parseOutboundAllowlist(env['OUTBOUND_ALLOWLIST']).hostnames).toContain('mock-provider');
  });
});
