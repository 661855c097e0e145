import { appServiceProblems, configClassContract, environmentProblems, loadComposeProject, readEnvExample, sampleSecrets, serviceEnvironment } from '@model-garden/testing';
import { ExperimentWorkerConfig } from './experiment-worker.config';

// docker-compose.yml cannot be run here (no Docker engine): check it against the
// experiment worker's real config validation instead. It makes no upstream call of
// its own (every call goes through the gateway), so it has no outbound allowlist.
const contract = configClassContract(ExperimentWorkerConfig, () => undefined);

describe('docker-compose.yml: experiment-worker', () => {
  const project = loadComposeProject(sampleSecrets());
  const env = serviceEnvironment(project.services['experiment-worker']!, 'experiment-worker');

  it('sets every required variable, none the worker does not read, and values it accepts', () => {
    expect(environmentProblems(env, contract)).toEqual([]);
  });

  it('accepts the optional values documented in .env.example', () => {
    const documented = loadComposeProject({ ...readEnvExample().optional, ...sampleSecrets() });
    expect(environmentProblems(serviceEnvironment(documented.services['experiment-worker']!), contract)).toEqual([]);
  });

  it('without .env, stops at start naming the missing SERVICE_TOKEN', () => {
    expect(() => contract.validate(serviceEnvironment(loadComposeProject({}).services['experiment-worker']!))).toThrow(/SERVICE_TOKEN/);
  });

  it('starts after its dependencies are healthy, and has a healthcheck', () => {
    expect(
      appServiceProblems(project, 'experiment-worker', {
        hostVariable: 'EXPERIMENT_WORKER_HOST',
        portVariable: 'EXPERIMENT_WORKER_PORT',
        internalPortVariable: 'EXPERIMENT_WORKER_INTERNAL_PORT',
        healthPath: '/health/ready',
        dockerfile: 'apps/experiment-worker/Dockerfile',
        dependsOn: { redis: 'service_healthy', kafka: 'service_healthy', registry: 'service_healthy', gateway: 'service_healthy' },
      }),
    ).toEqual([]);
  });

  it("calls the registry's gRPC API where the registry binds it, and the gateway where it listens", () => {
    const grpcPort = serviceEnvironment(project.services['registry']!)['REGISTRY_GRPC_BIND']!.split(':').pop();
    expect(env['REGISTRY_GRPC_URL']).toBe(`registry:${grpcPort}`);
    expect(env['GATEWAY_URL']).toBe(`http://gateway:${serviceEnvironment(project.services['gateway']!)['GATEWAY_PORT']}`);
  });
});
