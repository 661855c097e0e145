import { parseKeyring, parseOutboundAllowlist } from '@model-garden/platform';
import {
  appServiceProblems,
  configClassContract,
  environmentProblems,
  loadComposeProject,
  readEnvExample,
  sampleSecrets,
  serviceEnvironment,
} from '@model-garden/testing';
import { RegistryConfig } from './registry.config';

// docker-compose.yml cannot be run here (no Docker engine): check it against the
// registry's real config validation instead. The migrate service runs the same image
// with the same variables, so it is held to the same contract.
const contract = configClassContract(RegistryConfig, (config) => {
  parseKeyring(config.ENCRYPTION_KEYS);
  parseOutboundAllowlist(config.OUTBOUND_ALLOWLIST);
});

describe('docker-compose.yml: registry', () => {
  const project = loadComposeProject(sampleSecrets());

  it.each(['registry', 'migrate'])('%s sets every required variable, none the registry does not read, and values it accepts', (name) => {
    expect(environmentProblems(serviceEnvironment(project.services[name]!, name), contract)).toEqual([]);
  });

  it('accepts the optional values documented in .env.example', () => {
    const documented = loadComposeProject({ ...readEnvExample().optional, ...sampleSecrets() });
    expect(environmentProblems(serviceEnvironment(documented.services['registry']!), contract)).toEqual([]);
  });

  it('without .env, stops at start naming the missing secrets', () => {
    const bare = serviceEnvironment(loadComposeProject({}).services['registry']!);
    expect(() => contract.validate(bare)).toThrow(/ADMIN_TOKEN[\s\S]*ENCRYPTION_KEYS|ENCRYPTION_KEYS[\s\S]*ADMIN_TOKEN/);
    expect(() => contract.validate(bare)).toThrow(/VALIDATOR_SERVICE_TOKEN[\s\S]*GATEWAY_SERVICE_TOKEN|GATEWAY_SERVICE_TOKEN[\s\S]*VALIDATOR_SERVICE_TOKEN/);
  });

  it('starts after its infrastructure is healthy and the migrations succeeded, and has a healthcheck', () => {
    expect(
      appServiceProblems(project, 'registry', {
        hostVariable: 'REGISTRY_HOST',
        portVariable: 'REGISTRY_PORT',
        internalPortVariable: 'REGISTRY_INTERNAL_PORT',
        healthPath: '/health/ready',
        dockerfile: 'apps/registry/Dockerfile',
        dependsOn: { postgres: 'service_healthy', redis: 'service_healthy', kafka: 'service_healthy', migrate: 'service_completed_successfully' },
      }),
    ).toEqual([]);
  });

  it('runs the migrations once from the registry image, after PostgreSQL is healthy', () => {
    const migrate = project.services['migrate']!;
    expect(migrate.build).toEqual(project.services['registry']!.build);
    expect(migrate.command).toEqual(['node', '--enable-source-maps', 'dist/apps/registry/src/database/migrate.js']);
    expect(migrate.restart).toBe('no');
    expect(migrate.depends_on).toEqual({ postgres: { condition: 'service_healthy' } });
    expect(serviceEnvironment(migrate)).toEqual(serviceEnvironment(project.services['registry']!));
  });

  it('serves gRPC on every interface of the container without publishing it', () => {
    const registry = project.services['registry']!;
    const env = serviceEnvironment(registry);
    expect(env['REGISTRY_GRPC_BIND']).toBe('0.0.0.0:50051');
    expect(JSON.stringify(registry.ports)).not.toContain('50051');
  });
});
