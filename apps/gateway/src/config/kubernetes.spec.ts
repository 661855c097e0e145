import { SERVICE_TOKEN_VARIABLES } from '@model-garden/contracts';
import { parseOutboundAllowlist } from '@model-garden/platform';
import { containerEnvironment, describeKubernetesDeployment, findManifest, loadManifests, podTemplateOf } from '@model-garden/testing';
import { GatewayConfig } from './gateway.config';

// deploy/kubernetes cannot be applied here (no cluster): check the gateway's Deployment
// against its real config validation, ports and health endpoints instead.
describeKubernetesDeployment(GatewayConfig, (config) => parseOutboundAllowlist(config.OUTBOUND_ALLOWLIST), {
  app: 'gateway',
  hostVariable: 'GATEWAY_HOST',
  portVariable: 'GATEWAY_PORT',
  internalHostVariable: 'GATEWAY_INTERNAL_HOST',
  internalPortVariable: 'GATEWAY_INTERNAL_PORT',
  // The gateway serves from its caches while the registry is away and buffers usage while
  // Kafka is: a readiness that checks them would empty its Service in exactly those outages.
  readinessPath: '/health/live',
  defaultShutdownSeconds: new GatewayConfig().SHUTDOWN_TIMEOUT_SECONDS,
  serviceTokens: [SERVICE_TOKEN_VARIABLES.gateway],
});

describe('deploy/kubernetes: gateway scaling', () => {
  const manifests = loadManifests();

  it('is scaled on CPU by an autoscaling/v2 HorizontalPodAutoscaler that owns the replica count', () => {
    const hpa = findManifest(manifests, 'HorizontalPodAutoscaler', 'gateway')!;
    expect(hpa.object.apiVersion).toBe('autoscaling/v2');
    expect(hpa.object['spec']).toMatchObject({
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'gateway' },
      metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization' } } }],
    });
    const spec = hpa.object['spec'] as { minReplicas: number; maxReplicas: number };
    expect(spec.minReplicas).toBeGreaterThanOrEqual(2);
    expect(spec.maxReplicas).toBeGreaterThan(spec.minReplicas);
    // An apply that set replicas would reset what the autoscaler chose.
    expect(findManifest(manifests, 'Deployment', 'gateway')!.object['spec']).not.toHaveProperty('replicas');
  });

  it('gives each replica its own invalidation consumer group: GATEWAY_INSTANCE_ID is left to the pod name', () => {
    const deployment = findManifest(manifests, 'Deployment', 'gateway')!;
    const container = (deployment.object['spec'] as { template: { spec: { containers: Parameters<typeof containerEnvironment>[1][] } } }).template.spec.containers[0]!;
    expect(containerEnvironment(manifests, container).env).not.toHaveProperty('GATEWAY_INSTANCE_ID');
  });

  it("keeps the usage journal in the pod's own emptyDir: writable under the read-only root, kept across container restarts", () => {
    const pod = podTemplateOf(findManifest(manifests, 'Deployment', 'gateway')!).spec;
    const container = pod.containers[0]!;
    const dir = containerEnvironment(manifests, container).env['GATEWAY_USAGE_JOURNAL_DIR'];
    expect(dir).toBeDefined();
    const mount = container.volumeMounts?.find((m) => m.mountPath === dir);
    expect(mount).toMatchObject({ name: expect.any(String) as unknown });
    expect(mount?.readOnly).not.toBe(true);
    const volume = pod.volumes?.find((v) => v.name === mount?.name);
    expect(volume?.emptyDir?.sizeLimit).toBeDefined();
    expect(volume?.emptyDir?.medium).not.toBe('Memory');
  });
});
