import { parseOutboundAllowlist } from '@model-garden/platform';
import {
  appServiceProblems,
  configClassContract,
  environmentProblems,
  loadComposeProject,
  readEnvExample,
  sampleSecrets,
  serviceEnvironment,
} from './compose';

export interface PlatformServiceComposeOptions {
  /** The compose service name, e.g. `validator`. */
  service: string;
  hostVariable: string;
  portVariable: string;
  /** The internal listener's port variable (metrics, detailed readiness): set, and never published. */
  internalPortVariable: string;
  dependsOn: Record<string, 'service_healthy' | 'service_started' | 'service_completed_successfully'>;
  /** The service's own gRPC token variable, e.g. `VALIDATOR_SERVICE_TOKEN` (SERVICE_TOKEN_VARIABLES). */
  tokenVariable: string;
}

/**
 * The docker-compose.yml checks shared by the services that work for the registry
 * (validator, gateway): their compose environment against their real config
 * validation, the documented optional values, the missing-secret failure, start
 * order and healthcheck, the registry's gRPC address and the outbound allowlist.
 */
export function describePlatformServiceCompose<T extends { OUTBOUND_ALLOWLIST: string }>(configClass: new () => T, options: PlatformServiceComposeOptions): void {
  const { service, tokenVariable } = options;
  const contract = configClassContract(configClass, (config) => {
    parseOutboundAllowlist(config.OUTBOUND_ALLOWLIST);
  });

  describe(`docker-compose.yml: ${service}`, () => {
    const project = loadComposeProject(sampleSecrets());
    const env = serviceEnvironment(project.services[service]!, service);

    it(`sets every required variable, none the ${service} does not read, and values it accepts`, () => {
      expect(environmentProblems(env, contract)).toEqual([]);
    });

    it('accepts the optional values documented in .env.example', () => {
      const documented = loadComposeProject({ ...readEnvExample().optional, ...sampleSecrets() });
      expect(environmentProblems(serviceEnvironment(documented.services[service]!), contract)).toEqual([]);
    });

    it(`without .env, stops at start naming its missing ${tokenVariable}`, () => {
      expect(() => contract.validate(serviceEnvironment(loadComposeProject({}).services[service]!))).toThrow(new RegExp(tokenVariable));
    });

    it("holds its own gRPC token and no other service's", () => {
      const tokens = Object.keys(env).filter((name) => name.endsWith('_SERVICE_TOKEN'));
      expect(tokens).toEqual([tokenVariable]);
    });

    it('starts after its dependencies are healthy, and has a healthcheck', () => {
      expect(
        appServiceProblems(project, service, {
          hostVariable: options.hostVariable,
          portVariable: options.portVariable,
          internalPortVariable: options.internalPortVariable,
          healthPath: '/health/ready',
          dockerfile: `apps/${service}/Dockerfile`,
          dependsOn: options.dependsOn,
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
}
