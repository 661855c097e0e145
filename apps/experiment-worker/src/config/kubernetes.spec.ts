import { SERVICE_TOKEN_VARIABLES } from '@model-garden/contracts';
import { appContainer, containerEnvironment, describeKubernetesDeployment, findManifest, loadManifests, sampleSecrets } from '@model-garden/testing';
import { ExperimentWorkerConfig } from './experiment-worker.config';

// deploy/kubernetes cannot be applied here (no cluster): check the experiment worker's
// Deployment against its real config validation, ports and health endpoints instead. It
// makes no upstream call of its own (every call goes through the gateway).
describeKubernetesDeployment(ExperimentWorkerConfig, () => undefined, {
  app: 'experiment-worker',
  hostVariable: 'EXPERIMENT_WORKER_HOST',
  portVariable: 'EXPERIMENT_WORKER_PORT',
  internalHostVariable: 'EXPERIMENT_WORKER_INTERNAL_HOST',
  internalPortVariable: 'EXPERIMENT_WORKER_INTERNAL_PORT',
  readinessPath: '/health/ready',
  defaultShutdownSeconds: new ExperimentWorkerConfig().SHUTDOWN_TIMEOUT_SECONDS,
  serviceTokens: [SERVICE_TOKEN_VARIABLES['experiment-worker']],
});

describe('deploy/kubernetes: experiment-worker calls', () => {
  it("the gateway's Service, on the port the gateway listens on", () => {
    const manifests = loadManifests();
    const env = containerEnvironment(manifests, appContainer(manifests, 'experiment-worker'), sampleSecrets()).env;
    const gatewayPort = containerEnvironment(manifests, appContainer(manifests, 'gateway'), sampleSecrets()).env['GATEWAY_PORT'];
    const service = findManifest(manifests, 'Service', 'gateway')!.object['spec'] as { ports: { port: number }[] };
    expect(service.ports.map((p) => String(p.port))).toContain(gatewayPort);
    expect(env['GATEWAY_URL']).toBe(`http://gateway:${gatewayPort}`);
  });
});
