import { join } from 'node:path';
import { ensureDebianPackage, loadBalancerConfig, NginxProcess, type NginxAccessLine, readAccessLog } from '../../../libs/testing/src/nginx';
import {
  freePort,
  freeReplicaPorts,
  internalUrl,
  loadBalancerSource,
  type PlatformService,
  replicaCount,
  replicaName,
  replicaPorts,
  type ServiceName,
  serviceUrl,
  spawnService,
  type StackSettings,
  waitUntilReady,
} from '../../../tools/stack/stack';
import { pidFiles, type ReliabilityState, saveState, startService, stopService } from './infra';

/** The platform services, in the order a stack starts them (each one's dependencies first). */
export const PLATFORM: readonly PlatformService[] = ['registry', 'validator', 'gateway', 'experiment-worker'];

export interface ScaledOut {
  nginx: NginxProcess;
  /** nginx's entry to the registries and to the gateways. */
  registry: string;
  gateway: string;
  /** nginx's access log (loadBalancerConfig's `accessLog`). */
  accessLog: string;
}

/** Starts every replica of the platform services: the registries first (the others call them at start), then the rest together. */
async function startPlatform(state: ReliabilityState): Promise<void> {
  const replicas = Array.from({ length: replicaCount(state.settings) }, (_, replica) => replica);
  await Promise.all(replicas.map((replica) => startService(state, 'registry', {}, 90_000, replica)));
  await Promise.all(PLATFORM.filter((service) => service !== 'registry').flatMap((service) => replicas.map((replica) => startService(state, service, {}, 90_000, replica))));
}

/**
 * Turns the tier's one-of-each stack into two replicas of every platform service behind
 * nginx, against the same PostgreSQL, Redis and Kafka. The second replicas' ports and
 * nginx's entries go into the saved state (so the pid files, logs and the teardown find
 * them); the first replicas are restarted with the scaled settings, because those name
 * every registry in REGISTRY_GRPC_URL (and every replica among the platform endpoints
 * the outbound guard refuses). `overrides`: variables for this scaled stack only.
 */
export async function scaleOut(state: ReliabilityState, overrides: Partial<Record<ServiceName, Record<string, string>>> = {}): Promise<ScaledOut> {
  ensureDebianPackage('nginx', 'nginx', (line) => process.stdout.write(`${line}\n`));
  const merged: StackSettings['overrides'] = { ...state.settings.overrides };
  for (const [service, variables] of Object.entries(overrides) as [ServiceName, Record<string, string>][]) merged[service] = { ...merged[service], ...variables };
  Object.assign(state.settings, { extraReplicas: [await freeReplicaPorts()], entries: { registry: await freePort(), gateway: await freePort() }, overrides: merged });
  saveState(state);

  await Promise.all(PLATFORM.map((service) => stopService(state, service)));
  await startPlatform(state);

  const prefix = join(state.dir, 'nginx');
  const accessLog = join(prefix, 'logs', 'access.log');
  const ports = (service: 'registry' | 'gateway'): number[] => Array.from({ length: replicaCount(state.settings) }, (_, i) => replicaPorts(state.settings, i)[service]);
  const entries = state.settings.entries!;
  const nginx = await NginxProcess.start({
    prefix,
    config: loadBalancerConfig({
      prefix,
      host: state.settings.host,
      sourceAddress: loadBalancerSource(state.settings),
      accessLog,
      entries: [
        { name: 'registries', listen: entries.registry, upstreams: ports('registry') },
        { name: 'gateways', listen: entries.gateway, upstreams: ports('gateway') },
      ],
    }),
    readyUrl: `${serviceUrl('registry', state.settings)}/health/ready`,
    pidFiles: pidFiles(state),
  });
  return { nginx, registry: serviceUrl('registry', state.settings), gateway: serviceUrl('gateway', state.settings), accessLog };
}

/**
 * Stops nginx and every replica (however far `scaleOut` got), puts back the settings
 * taken before it (`oneReplica`: a copy of `state.settings`), and restarts the first
 * replicas with them: later files expect the tier's one-of-each stack.
 */
export async function scaleIn(state: ReliabilityState, oneReplica: StackSettings, extraNames: string[] = []): Promise<void> {
  const files = pidFiles(state);
  await files.stop('nginx', 5_000);
  const replicas = Array.from({ length: replicaCount(state.settings) }, (_, replica) => replica);
  await Promise.all([
    ...PLATFORM.flatMap((service) => replicas.map((replica) => stopService(state, service, 20_000, replica))),
    ...extraNames.map((name) => files.stop(name, 20_000)),
  ]);
  delete state.settings.extraReplicas;
  delete state.settings.entries;
  Object.assign(state.settings, oneReplica);
  saveState(state);
  await startPlatform(state);
}

/** nginx's access log lines of the requests whose id starts with `prefix`. */
export function balancedRequests(scaled: ScaledOut, prefix: string): NginxAccessLine[] {
  return readAccessLog(scaled.accessLog).filter((line) => line.requestId.startsWith(prefix));
}

/**
 * One more validator (`validator-3`) joining the scaled-out stack: its own listeners,
 * the same consumer group and queue, both registries in REGISTRY_GRPC_URL. Resolves
 * once it is ready, with its pid name and internal listener (metrics).
 */
export async function startExtraValidator(state: ReliabilityState): Promise<{ name: string; internal: string }> {
  const replica = replicaCount(state.settings);
  const registries = Array.from({ length: replica }, (_, i) => `${state.settings.host}:${replicaPorts(state.settings, i).registryGrpc}`).join(',');
  // A settings copy with one more replica for the validator's own ports; it talks to the registries that exist.
  const settings: StackSettings = {
    ...state.settings,
    extraReplicas: [...(state.settings.extraReplicas ?? []), await freeReplicaPorts()],
    overrides: { ...state.settings.overrides, validator: { ...state.settings.overrides?.validator, REGISTRY_GRPC_URL: registries } },
  };
  const child = spawnService('validator', settings, { detached: true, pidFiles: pidFiles(state), replica });
  await waitUntilReady('validator', settings, 90_000, child, replica);
  return { name: replicaName('validator', replica), internal: internalUrl('validator', settings, replica) };
}
