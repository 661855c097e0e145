/** Command-line options of `npm run bench -- [options]`. */

export const SCENARIOS = ['proxy', 'streaming', 'validation', 'experiments', 'usage'] as const;
export type Scenario = (typeof SCENARIOS)[number];
export const TARGET_NAMES = ['direct', 'nginx', 'node-proxy', 'node-proxy-usage', 'gateway', 'gateways', 'deployment', 'gateway-cache-hit', 'gateway-budget', 'gateway-traced'] as const;
/** The most replicas `npm run up -- --replicas=N` starts (tools/stack/stack-env.ts). */
export const MAX_REPLICAS = 8;

export interface BenchOptions {
  scenarios: Scenario[];
  /** Targets of the load runs (all three unless narrowed for an experiment). */
  targets: Array<(typeof TARGET_NAMES)[number]>;
  durationSeconds: number;
  warmupSeconds: number;
  rounds: number;
  concurrencies: number[];
  streamIterations: number;
  streamChunks: number;
  streamChunkDelayMs: number;
  sequentialModels: number;
  burstModels: number;
  burstConcurrency: number;
  burstTimeoutSeconds: number;
  experimentCells: number;
  /** Usage records loaded per measured size (one workspace each). */
  usageSizes: number[];
  usageQueries: number;
  usageEvents: number;
  /** CPU to pin the load generator to; null to leave it to the scheduler. */
  loadGeneratorCpu: number | null;
  ownGateway: boolean;
  /** Also load a gateway with tracing on at 100 % sampling, exporting to a local OTLP sink (target `gateway-traced`). */
  tracing: boolean;
  /** Extra node flags of the benchmark's own gateway (e.g. --max-semi-space-size=4). */
  gatewayNodeFlags: string[];
  /** Extra environment of the benchmark's own gateway (e.g. GATEWAY_ACCESS_LOG=false). */
  gatewayEnv: Record<string, string>;
  profile: boolean;
  keepModels: boolean;
  /**
   * Replicas of the stack under test (`npm run up -- --replicas=N`). With 2 or more the
   * proxy scenario adds the target `gateways` (nginx's entry over every gateway) beside
   * `gateway` (one of them), and the validation scenario repeats its burst with one
   * validator: the scale-out comparison.
   */
  replicas: number;
  help: boolean;
}

export const USAGE = `npm run bench -- [options]

  --quick                 short run for trying the harness (3 s runs, 1 round, 100-model burst)
  --only=a,b              scenarios to run: proxy, streaming, validation, experiments, usage (default: all)
  --targets=a,b           targets of the load runs: direct, nginx, node-proxy, node-proxy-usage (the bare proxy plus a usage event per request to Kafka), gateway, gateways (with --replicas), deployment (the gateway's /v2/deployments/invoke), gateway-cache-hit, gateway-budget, gateway-traced (default: all but gateway-traced, and gateways unless --replicas; fewer leave ratios unmeasured)
  --duration=S            seconds of each measured load run (default 8)
  --warmup=S              seconds of warm-up before each measured run (default 2)
  --rounds=N              rounds of the direct/nginx/gateway rotation per concurrency (default 3)
  --concurrency=1,32      concurrencies of the load runs (default 1,32)
  --stream-iterations=N   streams per path (default 20)
  --sequential=N          models added one at a time (default 50)
  --burst=N               models added in the burst (default 1000)
  --burst-concurrency=N   POSTs in flight during the burst (default 32)
  --burst-timeout=S       seconds to wait for the burst to settle (default 120)
  --experiment-cells=N    cells of the experiment run (default 1000)
  --usage-sizes=N,N       usage records loaded per measured size (default 1000000,10000000)
  --usage-queries=N       timed GET /v1/usage calls per grouping and size (default 30)
  --usage-events=N        UsageRecorded events of the ingestion run (default 100000)
  --pin=CPU|none          pin wrk to a CPU with taskset (default: the last CPU when there are 2 or more)
  --own-gateway           start a gateway of the benchmark's own (stack settings, free port) instead of the stack's
  --gateway-flags=F,F     node flags of the own gateway, comma-separated (implies --own-gateway)
  --gateway-env=K=V,K=V   extra environment of the own gateway (implies --own-gateway)
  --profile               --own-gateway under node --cpu-prof; prints where its CPU time goes
  --tracing               add the target gateway-traced: a second own gateway with OpenTelemetry on at 100 % sampling,
                          exporting OTLP/HTTP to a local sink, loaded beside the untraced one (implies --own-gateway)
  --keep-models           leave the benchmark's models in its workspace (default: delete them at the end)
  --replicas=N            measure a stack of N replicas (npm run up -- --replicas=N, run by the benchmark when the stack has
                          another count): adds the target gateways (nginx's entry over the N gateways) beside gateway (one
                          replica), and repeats the validation burst with one validator; prints the two side by side
  --help
`;

export function defaultOptions(cores: number): BenchOptions {
  return {
    scenarios: [...SCENARIOS],
    targets: TARGET_NAMES.filter((t) => t !== 'gateway-traced' && t !== 'gateways'),
    durationSeconds: 8,
    warmupSeconds: 2,
    rounds: 3,
    concurrencies: [1, 32],
    streamIterations: 20,
    streamChunks: 200,
    streamChunkDelayMs: 5,
    sequentialModels: 50,
    burstModels: 1000,
    burstConcurrency: 32,
    burstTimeoutSeconds: 120,
    experimentCells: 1000,
    usageSizes: [1_000_000, 10_000_000],
    usageQueries: 30,
    usageEvents: 100_000,
    loadGeneratorCpu: cores >= 2 ? cores - 1 : null,
    ownGateway: false,
    tracing: false,
    gatewayNodeFlags: [],
    gatewayEnv: {},
    profile: false,
    keepModels: false,
    replicas: 1,
    help: false,
  };
}

function positiveInt(name: string, raw: string): number {
  if (!/^\d+$/.test(raw) || Number(raw) < 1) throw new Error(`--${name} must be a positive whole number, got '${raw}'`);
  return Number(raw);
}

/** Parses argv (without node and the script); throws with the option's name on a bad value. */
export function parseOptions(argv: readonly string[], cores: number): BenchOptions {
  const o = defaultOptions(cores);
  for (const arg of argv) {
    const [name, value] = arg.startsWith('--') ? ([arg.slice(2).split('=')[0]!, arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : undefined] as const) : ['', undefined];
    const need = (): string => {
      if (value === undefined || value === '') throw new Error(`--${name} needs a value (--${name}=...)`);
      return value;
    };
    switch (name) {
      case 'quick':
        Object.assign(o, { durationSeconds: 3, warmupSeconds: 1, rounds: 1, streamIterations: 5, sequentialModels: 10, burstModels: 100, experimentCells: 200, usageSizes: [100_000, 1_000_000], usageQueries: 10, usageEvents: 20_000 });
        break;
      case 'only': {
        const list = need().split(',');
        for (const s of list) if (!(SCENARIOS as readonly string[]).includes(s)) throw new Error(`--only: unknown scenario '${s}' (one of ${SCENARIOS.join(', ')})`);
        o.scenarios = SCENARIOS.filter((s) => list.includes(s));
        break;
      }
      case 'targets': {
        const list = need().split(',');
        for (const t of list) if (!(TARGET_NAMES as readonly string[]).includes(t)) throw new Error(`--targets: unknown target '${t}' (one of ${TARGET_NAMES.join(', ')})`);
        o.targets = TARGET_NAMES.filter((t) => list.includes(t));
        break;
      }
      case 'duration':
        o.durationSeconds = positiveInt(name, need());
        break;
      case 'warmup':
        o.warmupSeconds = need() === '0' ? 0 : positiveInt(name, need());
        break;
      case 'rounds':
        o.rounds = positiveInt(name, need());
        break;
      case 'concurrency':
        o.concurrencies = need()
          .split(',')
          .map((c) => positiveInt(name, c));
        break;
      case 'stream-iterations':
        o.streamIterations = positiveInt(name, need());
        break;
      case 'sequential':
        o.sequentialModels = positiveInt(name, need());
        break;
      case 'burst':
        o.burstModels = positiveInt(name, need());
        break;
      case 'burst-concurrency':
        o.burstConcurrency = positiveInt(name, need());
        break;
      case 'burst-timeout':
        o.burstTimeoutSeconds = positiveInt(name, need());
        break;
      case 'experiment-cells':
        o.experimentCells = positiveInt(name, need());
        break;
      case 'usage-sizes':
        o.usageSizes = need()
          .split(',')
          .map((n) => positiveInt(name, n));
        break;
      case 'usage-queries':
        o.usageQueries = positiveInt(name, need());
        break;
      case 'usage-events':
        o.usageEvents = positiveInt(name, need());
        break;
      case 'pin': {
        const v = need();
        if (v === 'none') o.loadGeneratorCpu = null;
        else if (/^\d+$/.test(v) && Number(v) < cores) o.loadGeneratorCpu = Number(v);
        else throw new Error(`--pin must be 'none' or a CPU number below ${cores}, got '${v}'`);
        break;
      }
      case 'own-gateway':
        o.ownGateway = true;
        break;
      case 'gateway-flags':
        o.gatewayNodeFlags = need().split(',');
        for (const flag of o.gatewayNodeFlags) if (!flag.startsWith('--')) throw new Error(`--gateway-flags: '${flag}' is not a node flag`);
        o.ownGateway = true;
        break;
      case 'gateway-env':
        for (const pair of need().split(',')) {
          const match = /^([A-Z][A-Z0-9_]*)=(.*)$/.exec(pair);
          if (!match) throw new Error(`--gateway-env: '${pair}' is not NAME=value`);
          o.gatewayEnv[match[1]!] = match[2]!;
        }
        o.ownGateway = true;
        break;
      case 'tracing':
        o.tracing = true;
        o.ownGateway = true;
        break;
      case 'profile':
        o.profile = true;
        o.ownGateway = true;
        break;
      case 'keep-models':
        o.keepModels = true;
        break;
      case 'replicas': {
        const n = positiveInt(name, need());
        if (n > MAX_REPLICAS) throw new Error(`--replicas must be from 1 to ${MAX_REPLICAS}, got '${n}'`);
        o.replicas = n;
        break;
      }
      case 'help':
        o.help = true;
        break;
      default:
        throw new Error(`unknown option '${arg}'\n\n${USAGE}`);
    }
  }
  // The traced gateway is measured beside an untraced one started the same way.
  if (o.tracing && !o.targets.includes('gateway-traced')) o.targets.push('gateway-traced');
  if (o.targets.includes('gateway-traced')) Object.assign(o, { tracing: true, ownGateway: true });
  if (o.replicas > 1) {
    if (o.ownGateway) throw new Error('--replicas measures the replicas of the stack: it does not combine with --own-gateway, --gateway-flags, --gateway-env, --profile or --tracing');
    // The comparison needs both sides: one gateway and the entry over all of them.
    if (!argv.some((arg) => arg.startsWith('--targets='))) o.targets = TARGET_NAMES.filter((t) => t === 'gateway' || t === 'gateways' || o.targets.includes(t));
    if (o.targets.includes('gateways') && !o.targets.includes('gateway')) throw new Error('--targets: gateways is compared with gateway (one replica); name both');
  } else if (o.targets.includes('gateways')) {
    throw new Error('--targets: gateways (nginx in front of every gateway) needs a scaled-out stack: add --replicas=N with N of 2 or more');
  }
  return o;
}
