import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { freePort, readEnvFile, runningPid, STACK_ENV_FILE, stackGatewaysPids, stackPlatformPids, stopStackProcess, WORKSPACE_ROOT } from './stack';
import { type CpuProfile, type ProfileStep, summarizeProfile, type TimeWindow } from './cpuprofile';
import { GATEWAY_PROFILE_STEPS } from './gateway-steps';
import { type GatewayUnderTest, ownGateway, stackGateway } from './gateway-process';
import { OtlpSink } from './otlp-sink';
import { describeMachine, fileWrittenAt, lastCommit, processStartedAt } from './machine';
import { BenchMockProvider, ReferenceProxy } from './mock-provider';
import { usageTopic } from './reference-usage';
// eslint-disable-next-line @nx/enforce-module-boundaries -- one file of libs/contracts with no imports (bench:build compiles it)
import { prefixedTopic, TOPICS } from '../../libs/contracts/src/events/topics';
import { ReferenceNginx } from './nginx';
import { type BenchOptions, parseOptions, USAGE } from './options';
import { measureBusyPercent } from './proc';
import { type Endpoint, runProxyScenario } from './proxy';
import { call, chatModelBody, createBudget, createModel, createWorkspace, listModels } from './registry-client';
import { formatHeader, formatProfile, formatProxy, formatScaleOut, formatStreaming, formatTargets, formatUsage, formatValidation, resultFileName, toJson } from './report';
import type { BenchResults, ProxyTarget, ValidationResults } from './results';
import { scaleOutResults } from './scale-out';
import { runStreamingScenario } from './streaming';
// eslint-disable-next-line @nx/enforce-module-boundaries -- a Node-only file of libs/testing (bench:build compiles it); its index would load the platform libraries
import { ensureDebianPackage } from '../../libs/testing/src/nginx';
import { checkTargets } from './targets';
import { runExperimentScenario } from './experiments';
import { runUsageScenario } from './usage';
import { pidListeningOn } from './gateway-process';
import { deleteAllModels, runBurst, runValidationScenario } from './validation';

const BENCH_DIR = join(WORKSPACE_ROOT, '.local/bench');
const RESULTS_DIR = join(WORKSPACE_ROOT, 'bench/results');
const NGINX_WORKERS = 1;

function log(line: string): void {
  process.stdout.write(`[bench] ${line}\n`);
}

async function ready(url: string | undefined): Promise<boolean> {
  if (!url) return false;
  try {
    return (await fetch(`${url}/health/ready`, { signal: AbortSignal.timeout(5_000) })).ok;
  } catch {
    return false;
  }
}

/**
 * The stack of `npm run up` with `replicas` of each service: its settings, after running
 * `npm run up -- --replicas=N` if the registry, validator or gateway does not answer or
 * the stack runs another count (so a figure is always labelled with the replicas that
 * made it). The usage scenario alone needs only the registry (MG_LOCAL_DIR may point at
 * the stack.env of a registry started on other ports), whatever its replicas.
 */
async function ensureStack(registryOnly: boolean, replicas: number): Promise<Record<string, string>> {
  let env = readEnvFile(STACK_ENV_FILE);
  const services = registryOnly ? [env['REGISTRY_URL']] : [env['REGISTRY_URL'], env['VALIDATOR_URL'], env['GATEWAY_URL']];
  const up = async (): Promise<boolean> => (await Promise.all(services.map(ready))).every(Boolean);
  const running = Number(env['STACK_REPLICAS'] ?? '1');
  if (!(await up()) || (!registryOnly && running !== replicas)) {
    log(await up() ? `the stack runs ${running} replica(s), the run asks for ${replicas}: running npm run up -- --replicas=${replicas}` : `the stack is not (all) up: running npm run up -- --replicas=${replicas}`);
    runUp(replicas);
    env = readEnvFile(STACK_ENV_FILE);
    if (!(await ready(env['REGISTRY_URL']))) throw new Error(`the registry does not answer at ${env['REGISTRY_URL']} after npm run up`);
  }
  for (const name of ['REGISTRY_URL', ...(registryOnly ? [] : ['GATEWAY_URL']), 'ADMIN_TOKEN']) if (!env[name]) throw new Error(`${STACK_ENV_FILE} has no ${name}: run npm run up`);
  return env;
}

/** `npm run up -- --replicas=N`: how the benchmark starts the stack, or brings it to the replicas a run asks for. */
function runUp(replicas: number): void {
  const result = spawnSync('npm', ['run', 'up', '--', `--replicas=${replicas}`], { cwd: WORKSPACE_ROOT, stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`npm run up -- --replicas=${replicas} failed (exit ${result.status})`);
}

/** The newest .cpuprofile in `dir` (written since `since`), summarised over `windows`; undefined (and said) when there is none. */
function newestProfileSummary(
  dir: string,
  since: number,
  what: string,
  windows: TimeWindow[] | undefined,
  steps: readonly ProfileStep[] | undefined,
  whose: string,
): BenchResults['profile'] {
  const file = newestProfile(dir, since);
  if (!file) {
    log(`no .cpuprofile was written into ${dir} (did ${whose} exit cleanly?)`);
    return undefined;
  }
  return { file, what, summary: summarizeProfile(JSON.parse(readFileSync(file, 'utf8')) as CpuProfile, { root: `${WORKSPACE_ROOT}/`, windows, steps }) };
}

function newestProfile(dir: string, since: number): string | null {
  if (!existsSync(dir)) return null;
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.cpuprofile'))
    .map((f) => join(dir, f))
    .filter((f) => statSync(f).mtimeMs >= since)
    .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs);
  return files[0] ?? null;
}

async function main(o: BenchOptions): Promise<BenchResults> {
  const startedAt = new Date();
  const busyBefore = await measureBusyPercent(2_000);
  const loadStart = loadavg();
  ensureDebianPackage('wrk', 'wrk', log);
  if (o.scenarios.includes('proxy')) ensureDebianPackage('nginx', 'nginx-light', log);
  const machine = describeMachine(WORKSPACE_ROOT, busyBefore);
  machine.loadAverageStart = loadStart;
  const env = await ensureStack(o.scenarios.every((s) => s === 'usage'), o.replicas);
  mkdirSync(join(BENCH_DIR, 'logs'), { recursive: true });

  const cleanups: Array<() => Promise<void>> = [];
  const cleanUp = async (): Promise<void> => {
    for (const step of cleanups.reverse()) {
      try {
        await step();
      } catch (error) {
        log(`cleanup: ${(error as Error).message}`);
      }
    }
    cleanups.length = 0;
  };
  process.once('SIGINT', () => {
    log('interrupted: stopping what the benchmark started');
    void cleanUp().finally(() => process.exit(130));
  });

  const results: BenchResults = {
    schema: 1,
    startedAt: startedAt.toISOString(),
    finishedAt: '',
    durationSeconds: 0,
    machine,
    settings: {
      loadGenerator: `${machine.wrk ?? 'wrk'}, 1 thread`,
      loadGeneratorCpu: o.loadGeneratorCpu,
      nginxWorkers: NGINX_WORKERS,
      gateway: o.ownGateway ? { own: true, nodeFlags: o.gatewayNodeFlags, env: o.gatewayEnv, profiled: o.profile } : { own: false, nodeFlags: [], env: {}, profiled: false },
      workspace: '',
      scenarios: o.scenarios,
      replicas: o.replicas,
    },
    targets: [],
  };
  const profileDir = join(BENCH_DIR, 'profiles');
  let burstWithOneValidator: ValidationResults['burst'] | undefined;
  try {
    const mock = await BenchMockProvider.start(WORKSPACE_ROOT, `bench-${randomBytes(12).toString('hex')}`);
    cleanups.push(() => mock.stop());
    const streamModel = 'bench-stream';
    await mock.scenario({ id: streamModel, base: 'mock-chat', chunks: o.streamChunks, chunkDelayMs: o.streamChunkDelayMs });
    log(`mock provider (no added latency) at ${mock.url}, pid ${mock.pid}`);

    const slug = `bench-${startedAt.toISOString().replace(/[-:T]/g, '').slice(0, 14)}-${randomBytes(2).toString('hex')}`;
    const workspace = await createWorkspace(env['REGISTRY_URL']!, env['ADMIN_TOKEN']!, slug);
    results.settings.workspace = workspace.slug;
    log(`workspace ${workspace.slug}`);
    if (!o.keepModels) {
      cleanups.push(async () => {
        const failures = await deleteAllModels(env['REGISTRY_URL']!, workspace.apiKey, log);
        if (results.validation) results.validation.deleteFailures = failures;
      });
    }

    const register = async (key: string, modelId: string): Promise<string> => {
      const reply = await createModel(env['REGISTRY_URL']!, workspace.apiKey, chatModelBody({ key, modelId, baseUrl: `${mock.url}/v1`, apiKey: mock.apiKey }), 30);
      if (reply.status !== 200 || reply.body.status !== 'active') throw new Error(`model ${key} did not become active: ${reply.status} ${JSON.stringify(reply.body).slice(0, 500)}`);
      return reply.body.ref;
    };
    const needsGateway = o.scenarios.includes('proxy') || o.scenarios.includes('streaming');
    let gateway: GatewayUnderTest | undefined;
    let tracedGateway: GatewayUnderTest | undefined;
    let profiledReference: ReferenceProxy | undefined;
    const referenceProfileDir = join(profileDir, 'reference-proxy');
    const profileSince = Date.now();
    if (needsGateway) {
      gateway = o.ownGateway
        ? await ownGateway(BENCH_DIR, [...o.gatewayNodeFlags, ...(o.profile ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [])], o.gatewayEnv)
        : // One replica, called directly (GATEWAY_URL is nginx's entry when the stack has several).
          stackGateway(env['GATEWAY_URLS']?.split(',')[0] ?? env['GATEWAY_URL']!);
      const g = gateway;
      cleanups.push(() => g.stop());
      Object.assign(results.settings.gateway, {
        pid: gateway.pid,
        processStartedAt: processStartedAt(gateway.pid),
        buildWrittenAt: fileWrittenAt(join(WORKSPACE_ROOT, 'dist/apps/gateway/src/main.js')),
        lastSourceCommit: lastCommit(WORKSPACE_ROOT, ['apps/gateway', 'libs']),
      });
      const g0 = results.settings.gateway;
      if (!gateway.own && g0.processStartedAt && g0.buildWrittenAt && Date.parse(g0.buildWrittenAt) > Date.parse(g0.processStartedAt)) {
        log(`note: the stack's gateway started at ${g0.processStartedAt}, before dist/apps/gateway was rebuilt (${g0.buildWrittenAt}): it runs older code; restart it or use --own-gateway`);
      }
      if (o.tracing) {
        const sink = await OtlpSink.start();
        cleanups.push(() => sink.stop());
        // Tracing on, every request sampled: the same gateway as the untraced one, plus the standard OTEL_* variables.
        const traced = await ownGateway(BENCH_DIR, o.gatewayNodeFlags, { ...o.gatewayEnv, GATEWAY_INSTANCE_ID: `bench-traced-${process.pid}`, OTEL_EXPORTER_OTLP_ENDPOINT: sink.url, OTEL_TRACES_SAMPLER: 'always_on' });
        cleanups.push(() => traced.stop());
        tracedGateway = traced;
        cleanups.push(async () => log(`OTLP sink: ${sink.requests} exports, ${(sink.bytes / 1e6).toFixed(1)} MB of spans from the traced gateway`));
        log(`traced gateway (OpenTelemetry on, 100 % sampling, OTLP/HTTP to the sink at ${sink.url}) at ${traced.url}, pid ${traced.pid}`);
      }
      const extras = [...o.gatewayNodeFlags, ...Object.entries(o.gatewayEnv).map(([k, v]) => `${k}=${v}`)].join(' ');
      log(`gateway at ${gateway.url}, pid ${gateway.pid}${gateway.own ? ' (the benchmark’s own)' : ' (the stack’s)'}${extras ? `, with ${extras}` : ''}${o.profile ? `, profiling into ${profileDir}` : ''}`);
    }

    if (o.scenarios.includes('proxy') && gateway) {
      const chatRef = await register('bench-chat', 'mock-chat');
      const budgetedRef = await register('bench-chat-budgeted', 'mock-chat');
      const budgeted = await listModels(env['REGISTRY_URL']!, workspace.apiKey).then((models) => models.find((m) => m.ref === budgetedRef));
      const budget = await createBudget(env['REGISTRY_URL']!, workspace.apiKey, { name: 'bench', scope: { kind: 'model', targetId: budgeted?.id }, period: 'monthly', limits: { tokenLimit: 1_000_000_000_000 } });
      if (budget.status !== 201) throw new Error(`budget: ${budget.status} ${JSON.stringify(budget.body).slice(0, 300)}`);
      const nginx = await ReferenceNginx.start(WORKSPACE_ROOT, { prefix: join(BENCH_DIR, 'nginx'), listenPort: await freePort(), upstreamPort: mock.port, workers: NGINX_WORKERS });
      cleanups.push(() => nginx.stop());
      log(`nginx ${machine.nginx ?? ''} at ${nginx.url} (${NGINX_WORKERS} worker, upstream keep-alive 64)`);
      const nodeProxy = await ReferenceProxy.start(WORKSPACE_ROOT, mock, 'mock-chat', { profileDir: o.profile ? referenceProfileDir : undefined });
      cleanups.push(() => nodeProxy.stop());
      if (o.profile) profiledReference = nodeProxy;
      log(`bare Node.js reference proxy at ${nodeProxy.url}, pid ${nodeProxy.pid}`);
      // The same proxy doing the design's per-request duty (a key check, a usage event journaled and sent to Kafka), on a topic of this run's own.
      let usageProxy: ReferenceProxy | undefined;
      if (o.targets.includes('node-proxy-usage')) {
        const brokers = env['KAFKA_BROKERS']!.split(',');
        const topic = `${slug}.reference-usage`;
        const deleteTopic = await usageTopic(brokers, topic, prefixedTopic(env['KAFKA_TOPIC_PREFIX'] ?? '', TOPICS.usage));
        cleanups.push(deleteTopic);
        const proxy = await ReferenceProxy.start(WORKSPACE_ROOT, mock, 'mock-chat', { usage: { brokers, topic, journalDir: join(BENCH_DIR, 'state', `${slug}-reference-usage`) } });
        usageProxy = proxy;
        cleanups.push(() => proxy.stop());
        log(`bare Node.js reference proxy with usage events (Kafka topic ${topic}) at ${proxy.url}, pid ${proxy.pid}`);
      }
      const message = [{ role: 'user', content: 'Hello from the benchmark' }];
      const direct = { authorization: `Bearer ${mock.apiKey}`, body: JSON.stringify({ model: 'mock-chat', messages: message }) };
      const g = gateway;
      // A deployment of the same model with a templated prompt, called like orq.ai's SDK does.
      const deploymentKey = 'bench-deploy';
      const deployed = await call('POST', `${env['REGISTRY_URL']!}/v1/deployments`, workspace.apiKey, {
        key: deploymentKey,
        variants: [
          {
            key: 'only',
            model: 'bench-chat',
            messages: [
              { role: 'system', content: 'You answer for {{company}}.' },
              { role: 'user', content: '{{question}}' },
            ],
            variables: [
              { name: 'company', required: false, default: 'Acme' },
              { name: 'question', required: true },
            ],
          },
        ],
      });
      if (deployed.status !== 201) throw new Error(`deployment ${deploymentKey} was not created: ${deployed.status} ${JSON.stringify(deployed.body).slice(0, 500)}`);
      cleanups.push(async () => {
        await call('DELETE', `${env['REGISTRY_URL']!}/v1/deployments/${deploymentKey}`, workspace.apiKey).catch(() => undefined);
      });
      const endpoints: Record<ProxyTarget, Endpoint> = {
        direct: { ...direct, url: `${mock.url}/v1/chat/completions`, proxyPids: () => [] },
        nginx: { ...direct, url: `${nginx.url}/v1/chat/completions`, proxyPids: () => nginx.workerPids() },
        'node-proxy': { ...direct, url: `${nodeProxy.url}/v1/chat/completions`, proxyPids: () => [nodeProxy.pid] },
        'node-proxy-usage': { ...direct, url: `${(usageProxy ?? nodeProxy).url}/v1/chat/completions`, proxyPids: () => [(usageProxy ?? nodeProxy).pid] },
        gateway: { url: `${g.url}/v1/chat/completions`, authorization: `Bearer ${workspace.apiKey}`, body: JSON.stringify({ model: chatRef, messages: message }), proxyPids: () => [g.pid] },
        deployment: {
          url: `${g.url}/v2/deployments/invoke`,
          authorization: `Bearer ${workspace.apiKey}`,
          body: JSON.stringify({ key: deploymentKey, inputs: { question: message[0]!.content } }),
          proxyPids: () => [g.pid],
        },
        // The first call stores the answer; the warm-up makes every measured call a hit.
        'gateway-cache-hit': {
          url: `${g.url}/v1/chat/completions`,
          authorization: `Bearer ${workspace.apiKey}`,
          body: JSON.stringify({ model: chatRef, messages: message, cache: { type: 'exact_match', ttl: 86_400 } }),
          proxyPids: () => [g.pid],
        },
        // nginx's entry over every gateway of a scaled-out stack (--replicas): their CPU and nginx's count as the proxy's.
        gateways: {
          url: `${env['GATEWAY_URL']!}/v1/chat/completions`,
          authorization: `Bearer ${workspace.apiKey}`,
          body: JSON.stringify({ model: chatRef, messages: message }),
          proxyPids: () => stackGatewaysPids(o.replicas),
        },
        'gateway-budget': { url: `${g.url}/v1/chat/completions`, authorization: `Bearer ${workspace.apiKey}`, body: JSON.stringify({ model: budgetedRef, messages: message }), proxyPids: () => [g.pid] },
        'gateway-traced': {
          url: `${(tracedGateway ?? g).url}/v1/chat/completions`,
          authorization: `Bearer ${workspace.apiKey}`,
          body: JSON.stringify({ model: chatRef, messages: message }),
          proxyPids: () => [(tracedGateway ?? g).pid],
        },
      };
      const total = o.concurrencies.length * o.rounds * o.targets.length * (o.durationSeconds + o.warmupSeconds);
      log(`scenario 1: non-streaming chat completions, c=${o.concurrencies.join(',')}, ${o.rounds} rounds of ${o.warmupSeconds} s warm-up + ${o.durationSeconds} s per target (about ${total} s)`);
      results.proxy = await runProxyScenario({
        workspaceRoot: WORKSPACE_ROOT,
        endpoints,
        targets: o.targets,
        concurrencies: o.concurrencies,
        rounds: o.rounds,
        durationSeconds: o.durationSeconds,
        warmupSeconds: o.warmupSeconds,
        loadGeneratorCpu: o.loadGeneratorCpu,
        mockPid: mock.pid,
        platformPids: () => stackPlatformPids(o.replicas),
        gatewayPid: g.pid,
        gatewayIsOwn: g.own,
        log,
      });
      await nginx.stop();
      await nodeProxy.stop();
      await usageProxy?.stop();
    }

    if (o.scenarios.includes('streaming') && gateway) {
      const streamRef = await register('bench-stream', streamModel);
      // The floor for streams: the bare Node.js proxy in front of the mock's streaming model.
      const streamProxy = await ReferenceProxy.start(WORKSPACE_ROOT, mock, streamModel);
      cleanups.push(() => streamProxy.stop());
      log(`scenario 2: streamed completion of ${o.streamChunks} chunks ${o.streamChunkDelayMs} ms apart, ${o.streamIterations} per path (direct, bare Node.js proxy, gateway)`);
      results.streaming = await runStreamingScenario({
        iterations: o.streamIterations,
        warmup: 2,
        chunks: o.streamChunks,
        chunkDelayMs: o.streamChunkDelayMs,
        direct: { url: `${mock.url}/v1/chat/completions`, authorization: `Bearer ${mock.apiKey}`, model: streamModel },
        gateway: { url: `${gateway.url}/v1/chat/completions`, authorization: `Bearer ${workspace.apiKey}`, model: streamRef },
        nodeProxy: { url: `${streamProxy.url}/v1/chat/completions`, authorization: `Bearer ${mock.apiKey}`, model: streamModel },
        log,
      });
      await streamProxy.stop();
    }

    if (gateway?.own) {
      await gateway.stop();
      if (o.profile) {
        const windows = results.proxy?.runs.filter((r) => r.target === 'gateway' || r.target === 'deployment').map((r) => r.window);
        const what = windows?.length ? `the gateway's ${windows.length} measured load runs (c=${o.concurrencies.join(',')}), start-up and warm-up left out` : 'the whole life of the gateway';
        results.profile = newestProfileSummary(profileDir, profileSince, what, windows, GATEWAY_PROFILE_STEPS, 'the gateway');
      }
    }
    if (profiledReference) {
      // The floor's profile, cut to its own load runs: what any Node.js proxy pays, to set beside the gateway's.
      await profiledReference.stop();
      const windows = results.proxy?.runs.filter((r) => r.target === 'node-proxy').map((r) => r.window);
      results.referenceProfile = newestProfileSummary(referenceProfileDir, profileSince, `the bare Node.js proxy's ${windows?.length ?? 0} measured load runs`, windows, undefined, 'the reference proxy');
    }

    if (o.scenarios.includes('validation')) {
      log(`scenario 3: validation pipeline, ${o.sequentialModels} models one at a time, then ${o.burstModels} in a burst of ${o.burstConcurrency} in flight`);
      const v = await runValidationScenario({
        registryUrl: env['REGISTRY_URL']!,
        apiKey: workspace.apiKey,
        upstream: { baseUrl: `${mock.url}/v1`, apiKey: mock.apiKey },
        sequentialCount: o.sequentialModels,
        sequentialWarmup: 2,
        burstCount: o.burstModels,
        burstConcurrency: o.burstConcurrency,
        burstTimeoutSeconds: o.burstTimeoutSeconds,
        log,
      });
      results.validation = { ...v, cleanup: o.keepModels ? 'kept' : 'deleted', deleteFailures: 0 };
      if (o.replicas > 1) {
        // The same burst with one validator: the others stop, their Kafka consumer group hands it every partition.
        const others = Array.from({ length: o.replicas - 1 }, (_, i) => `validator-${i + 2}`);
        let restored = false;
        const restore = async (): Promise<void> => {
          if (restored) return;
          restored = true;
          // The stack's launcher alone: the infrastructure and the build are there already (npm run up would rebuild dist/ under the run).
          log(`restarting ${others.join(', ')}: node dist/tools/stack/up.js --replicas=${o.replicas}`);
          const result = spawnSync(process.execPath, [join(WORKSPACE_ROOT, 'dist/tools/stack/up.js'), `--replicas=${o.replicas}`], { cwd: WORKSPACE_ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
          if (result.status !== 0) throw new Error(`restarting the validators failed (exit ${result.status}): run npm run up -- --replicas=${o.replicas}`);
        };
        cleanups.push(restore); // also on a failure or Ctrl-C during the burst
        for (const name of others) log(`  ${name} ${await stopStackProcess(name)} for the one-validator burst`);
        log(`scenario 3b: the burst of ${o.burstModels} models again with one validator (${others.join(', ')} stopped)`);
        burstWithOneValidator = await runBurst(
          { registryUrl: env['REGISTRY_URL']!, apiKey: workspace.apiKey, upstream: { baseUrl: `${mock.url}/v1`, apiKey: mock.apiKey }, burstCount: o.burstModels, burstConcurrency: o.burstConcurrency, burstTimeoutSeconds: o.burstTimeoutSeconds, log },
          'one-validator-',
        );
        await restore();
      }
    }

    if (o.scenarios.includes('experiments')) {
      log(`scenario 4: an experiment run of ${o.experimentCells} cells against the mock`);
      const workerUrl = env['EXPERIMENT_WORKER_URL'];
      const worker = runningPid('experiment-worker') ?? (workerUrl ? pidListeningOn(Number(new URL(workerUrl).port)) : null);
      if (!worker) throw new Error('no experiment worker process found (.local/pids/experiment-worker.pid): run npm run up');
      results.experiments = await runExperimentScenario({
        registryUrl: env['REGISTRY_URL']!,
        apiKey: workspace.apiKey,
        upstream: { baseUrl: `${mock.url}/v1`, apiKey: mock.apiKey },
        cells: o.experimentCells,
        concurrencyPerModel: 32,
        timeoutSeconds: 600,
        pids: { worker, ...(runningPid('registry') ? { registry: runningPid('registry')! } : {}), ...(runningPid('gateway') ? { gateway: runningPid('gateway')! } : {}) },
        log,
      });
    }

    if (o.scenarios.includes('usage')) {
      log(`scenario 5: usage at scale, ${o.usageSizes.map((n) => n.toLocaleString('en')).join(' and ')} records, GET /v1/usage for 30 days; ingestion of ${o.usageEvents.toLocaleString('en')} events`);
      const usage = await runUsageScenario({
        workspaceRoot: WORKSPACE_ROOT,
        registryUrl: env['REGISTRY_URL']!,
        adminToken: env['ADMIN_TOKEN']!,
        env,
        sizes: o.usageSizes,
        days: 30,
        queries: o.usageQueries,
        warmup: 3,
        ingestEvents: o.usageEvents,
        log,
      });
      results.usage = { ...usage, gatewayPeakRps: gatewayPeakRps(results) };
    }
    if (o.replicas > 1) {
      results.scaleOut = scaleOutResults({ replicas: o.replicas, cores: machine.cores, aggregates: results.proxy?.aggregates, concurrencies: o.concurrencies, burstOne: burstWithOneValidator, burstAll: results.validation?.burst });
    }
  } finally {
    await cleanUp();
  }
  const finishedAt = new Date();
  results.finishedAt = finishedAt.toISOString();
  results.durationSeconds = (finishedAt.getTime() - startedAt.getTime()) / 1000;
  results.machine.loadAverageEnd = loadavg();
  results.targets = checkTargets(results);
  return results;
}

/** The gateway's highest request rate: from this run's proxy scenario, else from the newest saved result with one. */
function gatewayPeakRps(results: BenchResults): { rps: number; concurrency: number; source: string } | null {
  const peak = (r: BenchResults): { rps: number; concurrency: number } | null =>
    (r.proxy?.aggregates ?? []).filter((a) => a.target === 'gateway').reduce<{ rps: number; concurrency: number } | null>((best, a) => (best && best.rps >= a.rps ? best : { rps: a.rps, concurrency: a.concurrency }), null);
  const own = peak(results);
  if (own) return { ...own, source: 'this run' };
  if (!existsSync(RESULTS_DIR)) return null;
  const saved = readdirSync(RESULTS_DIR)
    .filter((f) => f.endsWith('.json') && f !== 'latest.json')
    .map((f) => join(RESULTS_DIR, f))
    .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs);
  for (const file of saved) {
    const found = peak(JSON.parse(readFileSync(file, 'utf8')) as BenchResults);
    if (found) return { ...found, source: file.slice(WORKSPACE_ROOT.length + 1) };
  }
  return null;
}

function print(results: BenchResults): void {
  const out: string[] = ['', formatHeader(results), ''];
  if (results.proxy) out.push(`Scenario 1: non-streaming chat completions (medians of ${results.proxy.rounds} rounds of ${results.proxy.durationSeconds} s)`, formatProxy(results.proxy.aggregates), '');
  if (results.streaming) out.push(`Scenario 2: streamed completion, ${results.streaming.chunks} chunks ${results.streaming.chunkDelayMs} ms apart (${results.streaming.iterations} per path)`, formatStreaming(results.streaming), '');
  if (results.validation) out.push('Scenario 3: validation pipeline', formatValidation(results.validation), '');
  if (results.usage) out.push(`Scenario 5: usage at scale (GET /v1/usage, last ${results.usage.days} days, ${results.usage.queries} calls per grouping)`, formatUsage(results.usage), '');
  if (results.scaleOut) out.push(`Scale-out: one replica against ${results.scaleOut.replicas} (gateway against nginx's entry; the burst with 1 validator against ${results.scaleOut.replicas})`, formatScaleOut(results.scaleOut), '');
  if (results.profile) out.push(`Gateway CPU profile of ${results.profile.what} (${results.profile.file})`, formatProfile(results.profile.summary), '');
  if (results.referenceProfile) out.push(`Bare Node.js proxy CPU profile of ${results.referenceProfile.what} (${results.referenceProfile.file})`, formatProfile(results.referenceProfile.summary, 10), '');
  out.push('Targets (DESIGN.md)', formatTargets(results.targets), '');
  process.stdout.write(`${out.join('\n')}\n`);
}

function save(results: BenchResults): string {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const file = join(RESULTS_DIR, resultFileName(new Date(results.startedAt)));
  const json = toJson(results);
  writeFileSync(file, json);
  writeFileSync(join(RESULTS_DIR, 'latest.json'), json);
  return file;
}

let options: BenchOptions;
try {
  options = parseOptions(process.argv.slice(2), cpus().length);
} catch (error) {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exit(2);
}
if (options.help) {
  process.stdout.write(USAGE);
  process.exit(0);
}
main(options)
  .then((results) => {
    print(results);
    log(`wrote ${save(results)} and bench/results/latest.json in ${Math.round(results.durationSeconds)} s`);
    process.exit(0);
  })
  .catch((error: unknown) => {
    process.stderr.write(`[bench] failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  });
