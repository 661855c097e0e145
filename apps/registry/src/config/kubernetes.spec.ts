import { SERVICE_TOKEN_VARIABLES } from '@model-garden/contracts';
import { parseKeyring, parseOutboundAllowlist } from '@model-garden/platform';
import {
  appContainer,
  configClassContract,
  containerEnvironment,
  type ContainerSpec,
  describeKubernetesDeployment,
  environmentProblems,
  findManifest,
  loadComposeProject,
  loadManifests,
  podTemplateOf,
  sampleSecrets,
} from '@model-garden/testing';
import { RegistryConfig } from './registry.config';

// deploy/kubernetes cannot be applied here (no cluster): check the registry's Deployment
// and the migration Job against the registry's real config validation, ports and health
// endpoints instead.
const validate = (config: RegistryConfig): void => {
  parseKeyring(config.ENCRYPTION_KEYS);
  parseOutboundAllowlist(config.OUTBOUND_ALLOWLIST);
};

describeKubernetesDeployment(RegistryConfig, validate, {
  app: 'registry',
  hostVariable: 'REGISTRY_HOST',
  portVariable: 'REGISTRY_PORT',
  internalHostVariable: 'REGISTRY_INTERNAL_HOST',
  internalPortVariable: 'REGISTRY_INTERNAL_PORT',
  readinessPath: '/health/ready',
  defaultShutdownSeconds: new RegistryConfig().SHUTDOWN_TIMEOUT_SECONDS,
  extraPorts: { grpc: (env) => (env['REGISTRY_GRPC_BIND'] ? Number(env['REGISTRY_GRPC_BIND'].split(':').pop()) : undefined) },
  serviceTokens: Object.values(SERVICE_TOKEN_VARIABLES),
});

describe('deploy/kubernetes: registry-migrate Job', () => {
  const manifests = loadManifests();
  const job = findManifest(manifests, 'Job', 'registry-migrate')!;
  const template = podTemplateOf(job);
  const migrate = template.spec.containers[0]!;
  const registry = appContainer(manifests, 'registry');

  it("runs the registry image's migrate entry point once, as docker-compose.yml's migrate service does", () => {
    expect(template.spec.containers).toHaveLength(1);
    expect(migrate.image).toBe(registry.image);
    expect(migrate.command).toEqual(loadComposeProject(sampleSecrets()).services['migrate']!.command);
    expect((template.spec as { restartPolicy?: string }).restartPolicy).toBe('Never');
  });

  it("has the registry's environment, which the registry's config accepts", () => {
    const sources = (container: ContainerSpec): unknown => ({ env: container.env, envFrom: container.envFrom });
    expect(sources(migrate)).toEqual(sources(registry));
    const resolved = containerEnvironment(manifests, migrate, sampleSecrets());
    expect(resolved.problems).toEqual([]);
    expect(environmentProblems(resolved.env, configClassContract(RegistryConfig, validate))).toEqual([]);
  });

  it('runs as non-root on a read-only root filesystem, like the registry', () => {
    expect(migrate.securityContext).toEqual(registry.securityContext);
    expect(template.spec.securityContext).toEqual(podTemplateOf(findManifest(manifests, 'Deployment', 'registry')!).spec.securityContext);
  });
});
