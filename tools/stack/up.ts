import { join } from 'node:path';
import { ensureDatabase, ensureDebianPackage, isPortFree, loadBalancerConfig, NginxProcess, reloadNginx, sleep } from '@model-garden/testing';
import { ensureDemoData } from './demo-data';
import { LOCAL_DIR, localStackSettings, MAX_REPLICAS, parseUpArguments, portPlan, readEnvFile, STACK_ENV_FILE, stackEnvEntries, STACK_PIDS, UP_USAGE, withEncryptionKeyHint, writeEnvFile } from './stack-env';
import { loadBalancerSource, logFile, migrate, type PlatformService, replicaCount, replicaName, replicaPorts, replicaUrl, SERVICES, type ServiceName, serviceUrl, spawnService, type StackSettings, waitUntilReady } from './stack';

/** nginx's prefix (configuration, logs, temporary files) and its pid name in .local/pids. */
const NGINX_PREFIX = join(LOCAL_DIR, 'nginx');
const NGINX = 'nginx';

/**
 * `npm run up [-- --replicas=N]` (after the infrastructure is up and the build is done):
 * migrations, the services in the background (N of each platform service, nginx in
 * front of the registries and the gateways when N > 1), demo data, `.local/stack.env`.
 * Running it again with the same N while the stack is up changes nothing; a smaller N
 * stops the extra replicas.
 */
async function main(): Promise<void> {
  const args = parseUpArguments(process.argv.slice(2));
  if (args.help) {
    process.stdout.write(UP_USAGE);
    return;
  }
  const previous = readEnvFile(STACK_ENV_FILE);
  const settings = localStackSettings(previous, args.replicas);
  const replicas = replicaCount(settings);
  // Every process's environment names every replica (REGISTRY_GRPC_URL, the platform endpoints) and the entries
  // (the gateway's public URL, its trusted proxy): with a new count, the replicas that stay restart to learn it.
  const countChanged = Number(previous['STACK_REPLICAS'] ?? '1') !== replicas;
  if (replicas > 1) ensureDebianPackage('nginx', 'nginx', say);
  const adminUrl = process.env['DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';
  await ensureDatabase(adminUrl, new URL(settings.databaseUrl).pathname.slice(1));
  await migrate(settings).catch((error: unknown) => {
    throw new Error(withEncryptionKeyHint(error instanceof Error ? error.message : String(error), settings.databaseUrl));
  });
  say('migrations applied');

  await scaleDown(settings);

  const spawn = async (service: ServiceName, replica: number, why: string): Promise<void> => {
    const name = replicaName(service, replica);
    await ensurePortsFree(settings, name);
    const child = spawnService(service, settings, { detached: true, pidFiles: STACK_PIDS, replica });
    await waitUntilReady(service, settings, 60_000, child, replica);
    say(`${name} ${why} (pid ${child.pid}) at ${replicaUrl(service, settings, replica)}, log ${logFile(service, settings, replica)}`);
  };
  const stale: Array<[PlatformService, number]> = [];
  const start = async (service: ServiceName, replica = 0): Promise<void> => {
    const pid = STACK_PIDS.running(replicaName(service, replica));
    if (!pid) return spawn(service, replica, 'started');
    await waitUntilReady(service, settings, 30_000, undefined, replica);
    if (countChanged && service !== 'mock-provider') stale.push([service, replica]);
    else say(`${replicaName(service, replica)} already running (pid ${pid}) at ${replicaUrl(service, settings, replica)}`);
  };
  const everyReplica = (service: PlatformService): Array<Promise<void>> => Array.from({ length: replicas }, (_, replica) => start(service, replica));
  // The registries first (the first one's migrations ran above), then what calls them.
  await Promise.all([start('mock-provider'), ...everyReplica('registry')]);
  await Promise.all([...everyReplica('validator'), ...everyReplica('gateway')]);
  await Promise.all(everyReplica('experiment-worker'));
  if (replicas > 1) await ensureNginx(settings);
  // The replicas that were running restart one at a time, once the new ones serve: there is always one of each to answer.
  for (const service of SERVICES) {
    for (const [, replica] of stale.filter(([s]) => s === service)) {
      await STACK_PIDS.stop(replicaName(service, replica));
      await spawn(service, replica, `restarted with ${replicas} replica(s) in its settings`);
    }
  }

  const demo = await ensureDemoData(settings, { workspace: previous['DEMO_WORKSPACE'], apiKey: previous['DEMO_API_KEY'], model: previous['DEMO_MODEL'] });
  const env = stackEnvEntries(settings);
  if ('skipped' in demo) {
    say(`demo data skipped: ${demo.skipped}`);
  } else {
    Object.assign(env, { DEMO_WORKSPACE: demo.workspace, DEMO_API_KEY: demo.apiKey, DEMO_MODEL: demo.model });
  }
  writeEnvFile(STACK_ENV_FILE, env);
  say(`wrote ${STACK_ENV_FILE}`);
  if (!('skipped' in demo)) printExamples(env);
}

/** Fails before a start when another process holds one of `name`'s ports, naming the port, its variable and the way out. */
async function ensurePortsFree(s: StackSettings, name: string): Promise<void> {
  for (const planned of portPlan(s).filter((p) => p.process === name)) {
    if (!(await isPortFree(planned.port, s.host))) {
      throw new Error(
        `${name} cannot start: port ${planned.port} is taken by another process (ss -ltnp 'sport = :${planned.port}' names it). ` +
          `Stop that process, or move the stack with ${planned.variable}=<port> npm run up (replica k uses replica 1's ports plus 10 × (k − 1)).`,
      );
    }
  }
}

/**
 * Stops what the new count leaves out: nginx first when one replica is left, else
 * nginx's upstreams shrink first so it stops sending requests to the replicas about
 * to stop; then the extra replicas, the gateways before what they call.
 */
async function scaleDown(s: StackSettings): Promise<void> {
  const replicas = replicaCount(s);
  const extras = [...SERVICES]
    .reverse()
    .filter((service): service is PlatformService => service !== 'mock-provider')
    .flatMap((service) => Array.from({ length: MAX_REPLICAS - replicas }, (_, i) => replicaName(service, replicas + i)))
    .filter((name) => STACK_PIDS.running(name) !== undefined);
  const nginx = STACK_PIDS.running(NGINX);
  if (nginx && replicas === 1) {
    await STACK_PIDS.stop(NGINX);
    say(`nginx (pid ${nginx}) stopped: one replica left, clients call it directly`);
  } else if (nginx && extras.length > 0 && reloadNginx({ prefix: NGINX_PREFIX, config: nginxConfig(s), pid: nginx })) {
    say(`nginx (pid ${nginx}) reloaded with ${replicas} replicas behind each entry`);
    await sleep(1_000);
  }
  for (const name of extras) {
    const pid = STACK_PIDS.running(name);
    await STACK_PIDS.stop(name);
    say(`${name} (pid ${pid}) stopped: the stack now has ${replicas} replica(s)`);
  }
}

/** nginx as the single entry to the registries and to the gateways: started, or reloaded when the replicas behind it changed. */
async function ensureNginx(s: StackSettings): Promise<void> {
  const config = nginxConfig(s);
  const running = STACK_PIDS.running(NGINX);
  if (running) {
    const reloaded = reloadNginx({ prefix: NGINX_PREFIX, config, pid: running });
    say(`nginx ${reloaded ? 'reloaded' : 'already running'} (pid ${running}): registries at ${serviceUrl('registry', s)}, gateways at ${serviceUrl('gateway', s)}`);
    return;
  }
  await ensurePortsFree(s, NGINX);
  const nginx = await NginxProcess.start({ prefix: NGINX_PREFIX, config, readyUrl: `${serviceUrl('gateway', s)}/health/live`, detached: true, pidFiles: STACK_PIDS });
  say(`nginx started (pid ${nginx.pid}): registries at ${serviceUrl('registry', s)}, gateways at ${serviceUrl('gateway', s)}, logs in ${NGINX_PREFIX}/logs`);
}

function nginxConfig(s: StackSettings): string {
  if (!s.entries) throw new Error('nginx runs only in front of several replicas');
  const replicas = Array.from({ length: replicaCount(s) }, (_, replica) => replicaPorts(s, replica));
  return loadBalancerConfig({
    prefix: NGINX_PREFIX,
    host: s.host,
    sourceAddress: loadBalancerSource(s),
    entries: [
      { name: 'registries', listen: s.entries.registry, upstreams: replicas.map((p) => p.registry) },
      { name: 'gateways', listen: s.entries.gateway, upstreams: replicas.map((p) => p.gateway) },
    ],
  });
}

function printExamples(env: Record<string, string>): void {
  const body = JSON.stringify({ model: env['DEMO_MODEL'], messages: [{ role: 'user', content: 'Hello from Model Garden' }] });
  process.stdout.write(`
Model Garden is up. Registry ${env['REGISTRY_URL']} (Swagger UI at /docs), gateway ${env['GATEWAY_URL']}.${
    env['STACK_REPLICAS'] !== '1'
      ? `
${env['STACK_REPLICAS']} replicas of each service; the URLs above are nginx's entries. Each replica: REGISTRY_URLS, GATEWAY_URLS, VALIDATOR_URLS, EXPERIMENT_WORKER_URLS in ${STACK_ENV_FILE}.`
      : ''
  }
Studio: ${env['REGISTRY_URL']}/studio/ (sign in with DEMO_API_KEY from ${STACK_ENV_FILE}).

Call the demo model through the gateway:

  set -a; . ${STACK_ENV_FILE}; set +a
  curl -s "$GATEWAY_URL/v1/chat/completions" \\
    -H "Authorization: Bearer $DEMO_API_KEY" -H 'content-type: application/json' \\
    -d '${body}'

Or with the official openai SDK (npm i openai), same variables:

  import OpenAI from 'openai';
  const client = new OpenAI({ baseURL: process.env.GATEWAY_URL + '/v1', apiKey: process.env.DEMO_API_KEY });
  const reply = await client.chat.completions.create({ model: process.env.DEMO_MODEL, messages: [{ role: 'user', content: 'Hello' }] });
  console.log(reply.choices[0].message.content);

`);
}

function say(message: string): void {
  process.stdout.write(`[up] ${message}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`[up] failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
