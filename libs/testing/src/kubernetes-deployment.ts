import { describeConfig } from '@model-garden/platform';
import { configClassContract, environmentProblems, sampleSecrets } from './compose';
import {
  type ContainerSpec,
  containerEnvironment,
  findManifest,
  loadManifests,
  type Manifest,
  podTemplateOf,
  serviceEndpoints,
  TRACING_VARIABLE,
  workloadProblems,
  type WorkloadExpectation,
} from './kubernetes';

export interface KubernetesDeploymentOptions extends WorkloadExpectation {
  /** The `*_SERVICE_TOKEN` variables the app holds: its own, or all of them for the registry. */
  serviceTokens: string[];
}

/**
 * The checks of an app's Deployment in deploy/kubernetes against the app's own code: its
 * environment against its config class (every required variable, nothing it does not
 * read, values it accepts, secrets only from the Secret), its image, ports, probes and
 * shutdown (workloadProblems), where it finds the registry, and that each check fails on
 * a broken manifest, so none passes vacuously.
 */
export function describeKubernetesDeployment<T extends object>(configClass: new () => T, extraValidation: (config: T) => void, options: KubernetesDeploymentOptions): void {
  const { app } = options;
  const contract = configClassContract(configClass, extraValidation);

  describe(`deploy/kubernetes: ${app}`, () => {
    const manifests = loadManifests();
    const container = appContainer(manifests, app);
    const resolved = containerEnvironment(manifests, container, sampleSecrets());
    const env = withoutTracing(resolved.env);

    it(`sets every required variable, none the ${app} does not read, and values it accepts`, () => {
      expect(resolved.problems).toEqual([]);
      expect(environmentProblems(env, contract)).toEqual([]);
    });

    it('takes every sensitive variable from the Secret, never from a ConfigMap', () => {
      const sensitive = describeConfig(configClass)
        .filter((v) => v.sensitive && v.name in env)
        .map((v) => v.name);
      expect(sensitive.filter((name) => !resolved.fromSecrets.includes(name))).toEqual([]);
      expect(sensitive.length).toBeGreaterThan(0);
    });

    it(`holds exactly these gRPC tokens: ${options.serviceTokens.join(', ')}`, () => {
      expect(Object.keys(env).filter((name) => name.endsWith('_SERVICE_TOKEN')).sort()).toEqual([...options.serviceTokens].sort());
    });

    it("runs the Dockerfile's image as non-root, probed on the endpoints the app serves, with a grace period longer than its shutdown", () => {
      expect(workloadProblems(manifests, env, options)).toEqual([]);
    });

    if (describeConfig(configClass).some((v) => v.name === 'OUTBOUND_PLATFORM_ENDPOINTS')) {
      it("keeps every Service of Model Garden out of reach of upstream calls (OUTBOUND_PLATFORM_ENDPOINTS)", () => {
        const listed = (env['OUTBOUND_PLATFORM_ENDPOINTS'] ?? '').split(',').map((e) => e.trim());
        expect(serviceEndpoints(manifests).filter((endpoint) => !listed.includes(endpoint))).toEqual([]);
      });
    }

    if (describeConfig(configClass).some((v) => v.name === 'REGISTRY_GRPC_URL')) {
      it("calls every registry pod's gRPC API through the headless registry-grpc Service (dns:///, balanced round robin), on the port the registry binds", () => {
        const registry = containerEnvironment(manifests, appContainer(manifests, 'registry'), sampleSecrets()).env;
        const bindPort = Number(registry['REGISTRY_GRPC_BIND']!.split(':').pop());
        const service = findManifest(manifests, 'Service', 'registry-grpc');
        const spec = (service?.object['spec'] ?? {}) as { clusterIP?: string; selector?: Record<string, string>; ports?: { name: string; port: number }[] };
        const deployment = findManifest(manifests, 'Deployment', 'registry');
        const podLabels = ((deployment?.object['spec'] as { template: { metadata: { labels: Record<string, string> } } } | undefined)?.template.metadata.labels ?? {});
        expect(spec.clusterIP).toBe('None');
        expect(Object.entries(spec.selector ?? {}).every(([k, v]) => podLabels[k] === v)).toBe(true);
        expect(spec.ports?.find((p) => p.name === 'grpc')?.port).toBe(bindPort);
        expect(env['REGISTRY_GRPC_URL']).toBe(`dns:///registry-grpc:${bindPort}`);
      });
    }

    describe('fails on a broken manifest', () => {
      it('a required variable missing, or one the app does not read', () => {
        const required = contract.variables.find((v) => v.required && v.name in env)!.name;
        const { [required]: _removed, ...missing } = env;
        expect(environmentProblems(missing, contract)).toContain(`${required} is required by the app but not set`);
        expect(environmentProblems({ ...env, [`${options.portVariable}S`]: '1' }, contract)).toContain(`${options.portVariable}S is set but the app does not read it`);
      });

      it('a probe on a path the app does not serve, a port it does not listen on, a root filesystem it may write', () => {
        const broken = structuredClone(manifests);
        const brokenContainer = appContainer(broken, app);
        brokenContainer.readinessProbe!.httpGet!.path = '/healthz';
        brokenContainer.livenessProbe!.httpGet!.port = 8080;
        brokenContainer.securityContext!.readOnlyRootFilesystem = false;
        const problems = workloadProblems(broken, env, options).join('\n');
        expect(problems).toContain(`${app}: readinessProbe calls /healthz`);
        expect(problems).toContain(`${app}: livenessProbe calls /health/live on port 8080`);
        expect(problems).toContain('readOnlyRootFilesystem must be true');
      });
    });
  });
}

/** The app's container in its Deployment. */
export function appContainer(manifests: Manifest[], app: string): ContainerSpec {
  const deployment = findManifest(manifests, 'Deployment', app);
  if (!deployment) throw new Error(`deploy/kubernetes has no Deployment ${app}`);
  const container = podTemplateOf(deployment).spec.containers.find((c) => c.name === app);
  if (!container) throw new Error(`Deployment ${app} has no container named ${app}`);
  return container;
}

/** The environment without the OpenTelemetry SDK's own variables (read by libs/platform/src/tracing, not by a config class). */
export function withoutTracing(env: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter(([name]) => !TRACING_VARIABLE.test(name)));
}
