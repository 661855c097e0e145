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
import { ValidatorConfig } from './validator.config';

// docker-compose.yml cannot be run here (no Docker engine): check it against the
// validator's real config validation instead.
const contract = configClassContract(ValidatorConfig, (config) => {
  parseOutboundAllowlist(config.OUTBOUND_ALLOWLIST);
});

describe('docker-compose.yml: validator', () => {
  const project = loadComposeProject(sampleSecrets());
  const env = serviceEnvironment(project.services['validator']!, 'validator');

  it('sets every required variable, none the validator does not read, and values it accepts', () => {
    expect(environmentProblems(env, contract)).toEqual([]);
  });

  it('accepts the optional values documented in .env.example', () => {
    const documented = loadComposeProject({ ...readEnvExample().optional, ...sampleSecrets() });
    expect(environmentProblems(serviceEnvironment(documented.services['validator']!), contract)).toEqual([]);
  });

  it('without .env, stops at start naming the missing SERVICE_TOKEN', () => {
    expect(() => contract.validate(serviceEnvironment(loadComposeProject({}).services['validator']!))).toThrow(/SERVICE_TOKEN/);
  });

  it('starts after Redis, Kafka and the registry are healthy, and has a healthcheck', () => {
    expect(
      appServiceProblems(project, 'validator', {
        hostVariable: 'VALIDATOR_HOST',
        portVariable: 'VALIDATOR_PORT',
        healthPath: '/health/ready',
        dockerfile: 'apps/validator/Dockerfile',
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
