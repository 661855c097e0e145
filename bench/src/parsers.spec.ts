import { packageOf, summarizeProfile, type CpuProfile, UNMATCHED_STEP } from './cpuprofile';
import { GATEWAY_PROFILE_STEPS } from './gateway-steps';
import { renderNginxConfig } from './nginx';
import { parseOptions } from './options';
import { busyPercent, cpuBetween, cpuByPid, parseMachineCpu, parseStat, parseStatusMemory, pidsNamed } from './proc';
import { targetOrder } from './proxy';
import { parseEnvFile } from './stack';
import { countSseEvents } from './streaming';
import { burstKeyCount, validationDurations } from './validation';
import { retryAfterMs } from './registry-client';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

describe('/proc parsers', () => {
  it('reads VmRSS and VmHWM in bytes', () => {
    const status = 'Name:\tnode\nVmHWM:\t  120000 kB\nVmRSS:\t  100000 kB\nThreads:\t11\n';
    expect(parseStatusMemory(status)).toEqual({ rssBytes: 100000 * 1024, hwmBytes: 120000 * 1024 });
    expect(() => parseStatusMemory('Name: x\n')).toThrow(/VmRSS/);
  });

  it('reads ppid and CPU ticks even when the command name has spaces and parentheses', () => {
    const stat = '4242 (node (worker) x) S 17 4242 4242 0 -1 4194560 100 0 0 0 250 50 0 0 20 0 11 0 1000 1000 100';
    expect(parseStat(stat)).toEqual({ ppid: 17, cpuTicks: 300 });
  });

  it('counts idle and iowait as not busy', () => {
    const before = parseMachineCpu('cpu  100 0 100 700 100 0 0 0 0 0\ncpu0 1 2 3\n');
    const after = parseMachineCpu('cpu  200 0 200 800 100 0 0 0 0 0\n');
    expect(before).toEqual({ busy: 200, total: 1000 });
    expect(busyPercent(before, after)).toBeCloseTo(66.667, 2);
  });
});

describe('renderNginxConfig', () => {
  const template = readFileSync(join(__dirname, '../nginx/nginx.conf.template'), 'utf8');
  const config = renderNginxConfig(template, { prefix: '/tmp/b', listenPort: 4001, upstreamPort: 4002, workers: 1 });

  it('proxies to the mock with upstream keep-alive and unbuffered SSE', () => {
    expect(config).toContain('server 127.0.0.1:4002;');
    expect(config).toContain('keepalive 64;');
    expect(config).toContain('listen 127.0.0.1:4001;');
    expect(config).toContain('proxy_http_version 1.1;');
    expect(config).toContain('proxy_set_header Connection "";');
    expect(config).toContain('proxy_buffering off;');
    expect(config).toContain('pid /tmp/b/nginx.pid;');
    expect(config).not.toMatch(/\{\{/);
  });

  it('refuses a template with an unknown placeholder', () => {
    expect(() => renderNginxConfig('{{NOPE}}', { prefix: '/', listenPort: 1, upstreamPort: 2, workers: 1 })).toThrow(/NOPE/);
  });
});

describe('parseOptions', () => {
  it('has the documented defaults, wrk pinned to the last CPU', () => {
    const o = parseOptions([], 2);
    expect(o).toMatchObject({ scenarios: ['proxy', 'streaming', 'validation', 'experiments', 'usage'], durationSeconds: 8, rounds: 3, concurrencies: [1, 32], burstModels: 1000, experimentCells: 1000, loadGeneratorCpu: 1 });
    expect(o).toMatchObject({ usageSizes: [1_000_000, 10_000_000], usageQueries: 30, usageEvents: 100_000 });
    expect(parseOptions([], 1).loadGeneratorCpu).toBeNull();
  });

  it('reads every option', () => {
    const o = parseOptions(['--only=validation,proxy', '--duration=5', '--warmup=0', '--burst=20', '--pin=none', '--profile', '--keep-models'], 2);
    expect(o).toMatchObject({ scenarios: ['proxy', 'validation'], durationSeconds: 5, warmupSeconds: 0, burstModels: 20, loadGeneratorCpu: null, profile: true, ownGateway: true, keepModels: true });
  });

  it('runs the experiment scenario alone with its size', () => {
    expect(parseOptions(['--only=experiments', '--experiment-cells=300'], 2)).toMatchObject({ scenarios: ['experiments'], experimentCells: 300 });
  });

  it('runs the usage scenario alone with its sizes, queries and events', () => {
    expect(parseOptions(['--only=usage', '--usage-sizes=1000,20000', '--usage-queries=5', '--usage-events=300'], 2)).toMatchObject({
      scenarios: ['usage'],
      usageSizes: [1000, 20000],
      usageQueries: 5,
      usageEvents: 300,
    });
    expect(() => parseOptions(['--usage-sizes=1000,0'], 2)).toThrow(/--usage-sizes/);
  });

  it('takes node flags and variables for the own gateway', () => {
    const o = parseOptions(['--gateway-flags=--max-semi-space-size=4,--max-old-space-size=96', '--gateway-env=GATEWAY_ACCESS_LOG=false,LOG_LEVEL=warn'], 2);
    expect(o).toMatchObject({ ownGateway: true, gatewayNodeFlags: ['--max-semi-space-size=4', '--max-old-space-size=96'], gatewayEnv: { GATEWAY_ACCESS_LOG: 'false', LOG_LEVEL: 'warn' } });
    expect(() => parseOptions(['--gateway-env=lower=x'], 2)).toThrow(/NAME=value/);
    expect(() => parseOptions(['--gateway-flags=inspect'], 2)).toThrow(/not a node flag/);
  });

  it('adds the traced gateway beside an untraced own one with --tracing (or by naming its target)', () => {
    const defaults = ['direct', 'nginx', 'node-proxy', 'node-proxy-usage', 'gateway', 'deployment', 'gateway-cache-hit', 'gateway-budget'];
    expect(parseOptions([], 2)).toMatchObject({ tracing: false, targets: defaults });
    expect(parseOptions(['--tracing'], 2)).toMatchObject({ tracing: true, ownGateway: true, targets: [...defaults, 'gateway-traced'] });
    expect(parseOptions(['--targets=gateway,gateway-traced'], 2)).toMatchObject({ tracing: true, ownGateway: true, targets: ['gateway', 'gateway-traced'] });
  });

  it('--replicas=N adds nginx\'s entry over every gateway beside one gateway, and keeps them both when targets are narrowed', () => {
    expect(parseOptions([], 2)).toMatchObject({ replicas: 1 });
    const defaults = parseOptions(['--replicas=2'], 2);
    expect(defaults).toMatchObject({ replicas: 2, targets: ['direct', 'nginx', 'node-proxy', 'node-proxy-usage', 'gateway', 'gateways', 'deployment', 'gateway-cache-hit', 'gateway-budget'] });
    expect(parseOptions(['--replicas=3', '--targets=gateway,gateways', '--only=proxy,validation'], 2)).toMatchObject({ replicas: 3, targets: ['gateway', 'gateways'], scenarios: ['proxy', 'validation'] });
  });

  it('refuses a replica count out of range, the entry without replicas or without one gateway to compare, and an own gateway with replicas', () => {
    expect(() => parseOptions(['--replicas=0'], 2)).toThrow(/--replicas must be a positive whole number/);
    expect(() => parseOptions(['--replicas=9'], 2)).toThrow("--replicas must be from 1 to 8, got '9'");
    expect(() => parseOptions(['--targets=gateways'], 2)).toThrow('gateways (nginx in front of every gateway) needs a scaled-out stack: add --replicas=N');
    expect(() => parseOptions(['--replicas=2', '--targets=gateways'], 2)).toThrow('gateways is compared with gateway (one replica); name both');
    expect(() => parseOptions(['--replicas=2', '--profile'], 2)).toThrow('--replicas measures the replicas of the stack: it does not combine with --own-gateway');
  });

  it('names the option in every error', () => {
    expect(() => parseOptions(['--duration=0'], 2)).toThrow(/--duration/);
    expect(() => parseOptions(['--only=proxi'], 2)).toThrow(/proxi/);
    expect(() => parseOptions(['--pin=2'], 2)).toThrow(/--pin/);
    expect(() => parseOptions(['--experiment-cells=0'], 2)).toThrow(/--experiment-cells/);
    expect(() => parseOptions(['--rounds'], 2)).toThrow(/--rounds needs a value/);
    expect(() => parseOptions(['--frobnicate'], 2)).toThrow(/unknown option '--frobnicate'/);
  });
});

describe('targetOrder', () => {
  it('rotates the targets so that each runs first once in as many rounds as there are targets', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 7].map((r) => targetOrder(r)[0])).toEqual(['direct', 'nginx', 'node-proxy', 'node-proxy-usage', 'gateway', 'deployment', 'gateway-cache-hit', 'gateway-budget']);
    expect(targetOrder(1)).toEqual(['nginx', 'node-proxy', 'node-proxy-usage', 'gateway', 'deployment', 'gateway-cache-hit', 'gateway-budget', 'direct']);
    expect(targetOrder(8)).toEqual(targetOrder(0));
    expect(targetOrder(1, ['nginx', 'gateway'])).toEqual(['gateway', 'nginx']);
  });
});

describe('countSseEvents', () => {
  it('counts data lines and sees the [DONE] at the end', () => {
    expect(countSseEvents('data: {"a":1}\n\ndata: {"a":2}\n\ndata: [DONE]\n\n')).toEqual({ events: 3, done: true });
    expect(countSseEvents('data: {"a":1}\n\n')).toEqual({ events: 1, done: false });
  });
});

describe('the registry\'s per-key rate limit', () => {
  it('spreads a burst over one API key per 400 POSTs (a key may make 600 a minute)', () => {
    expect([burstKeyCount(1), burstKeyCount(400), burstKeyCount(401), burstKeyCount(1000)]).toEqual([1, 1, 2, 3]);
  });

  it('waits as long as a 429 says, a second when it does not say', () => {
    expect([retryAfterMs('3'), retryAfterMs(null), retryAfterMs('soon'), retryAfterMs('0')]).toEqual([3000, 1000, 1000, 1000]);
  });
});

describe('validationDurations', () => {
  it('gives createdAt → validatedAt in ms, skipping models not validated', () => {
    const models = [
      { createdAt: '2025-01-01T00:00:00.000Z', validation: { validatedAt: '2025-01-01T00:00:00.250Z', checks: [], capabilities: {} as never } },
      { createdAt: '2025-01-01T00:00:00.000Z', validation: null },
    ];
    expect(validationDurations(models)).toEqual([250]);
  });
});

describe('cpuprofile', () => {
  // (root) → main (app) → handle (fastify) → parse (node:internal); plus (idle) and (garbage collector).
  const profile: CpuProfile = {
    nodes: [
      { id: 1, callFrame: { functionName: '(root)', url: '', lineNumber: -1 }, children: [2, 5, 6] },
      { id: 2, callFrame: { functionName: 'main', url: 'file:///repo/dist/apps/gateway/src/main.js', lineNumber: 9 }, children: [3] },
      { id: 3, callFrame: { functionName: 'handle', url: 'file:///repo/node_modules/fastify/lib/route.js', lineNumber: 99 }, children: [4] },
      { id: 4, callFrame: { functionName: 'parse', url: 'node:internal/url', lineNumber: 0 } },
      { id: 5, callFrame: { functionName: '(idle)', url: '', lineNumber: -1 } },
      { id: 6, callFrame: { functionName: '(garbage collector)', url: '', lineNumber: -1 } },
    ],
    startTime: 0,
    endTime: 10_000,
    samples: [2, 3, 4, 4, 5, 5, 5, 5, 6, 4],
    timeDeltas: [1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000],
  };

  it('splits self and inclusive time, without idle, in percent of busy time', () => {
    const s = summarizeProfile(profile, { root: '/repo/' });
    expect(s.busyMs).toBe(6);
    expect(s.idleMs).toBe(4);
    expect(s.self[0]).toEqual({ name: 'parse (node:internal/url:1)', percent: 50, ms: 3 });
    expect(s.inclusive[0]).toEqual({ name: 'main (dist/apps/gateway/src/main.js:10)', percent: (100 * 5) / 6, ms: 5 });
    expect(s.byPackage.map((p) => p.name)).toEqual(['node internals', 'apps/gateway', 'fastify', '(garbage collector)']);
    expect(s.ownInclusive.map((e) => e.name)).toEqual(['main (dist/apps/gateway/src/main.js:10)']);
    expect(s.byPackageInclusive[0]).toEqual({ name: 'apps/gateway', percent: (100 * 5) / 6, ms: 5 });
  });

  it('counts only the samples inside the windows', () => {
    // Samples are at 1, 2, ... 10 ms; the window takes the 2nd to the 4th (handle, parse, parse).
    const s = summarizeProfile(profile, { root: '/repo/', windows: [{ fromUs: 2000, toUs: 4000 }] });
    expect(s.totalMs).toBe(3);
    expect(s.self.map((e) => [e.name, e.ms])).toEqual([
      ['parse (node:internal/url:1)', 2],
      ['handle (fastify/lib/route.js:100)', 1],
    ]);
  });

  it('puts every busy sample in the first step with a frame on its stack, and the rest in the unmatched one', () => {
    const s = summarizeProfile(profile, {
      root: '/repo/',
      steps: [
        { name: 'routing', frames: /^handle \(fastify\// },
        { name: 'app', frames: /dist\/apps\// },
        { name: 'gc', frames: /^\(garbage collector\)$/ },
        { name: 'never', frames: /nothing matches this/ },
      ],
    });
    // handle and parse x3 are under handle (routing first, although main is on their stacks too); main alone; GC once.
    expect(s.bySteps?.map((e) => [e.name, e.ms])).toEqual([
      ['routing', 4],
      ['app', 1],
      ['gc', 1],
      ['never', 0],
      [UNMATCHED_STEP, 0],
    ]);
    expect(summarizeProfile(profile).bySteps).toBeUndefined();
  });

  it("places the gateway's frames in the step of the request path they belong to", () => {
    const stepOf = (...stack: string[]): string | undefined => GATEWAY_PROFILE_STEPS.find((step) => stack.some((frame) => step.frames.test(frame)))?.name;
    const sendJson = 'sendJson (dist/apps/gateway/src/http/http-io.util.js:26)';
    const json = 'json (dist/apps/gateway/src/inference/answer-relay.service.js:74)';
    expect(stepOf('writev', 'writevGeneric (node:internal/stream_base_commons:123)', sendJson, json)).toMatch(/^answer/);
    expect(stepOf('writeString', 'writeLine (dist/apps/gateway/src/usage/usage-journal.js:203)', 'lastWrite (dist/apps/gateway/src/inference/exchange.js:103)', json)).toMatch(/^usage event/);
    expect(stepOf('crc32C (kafkajs/src/protocol/recordBatch/crc32C/crc32C.js:8)')).toMatch(/^usage event/);
    expect(stepOf('message (dist/libs/platform/src/kafka/kafka.factory.js:127)')).toMatch(/^usage event/);
    expect(stepOf('answer (dist/libs/platform/src/metrics/preset-metrics.js:40)', 'account (dist/apps/gateway/src/usage/usage-accountant.service.js:120)')).toMatch(/^usage event/);
    expect(stepOf('answer (dist/libs/platform/src/metrics/preset-metrics.js:40)', 'run (dist/apps/gateway/src/inference/inference.service.js:97)')).toMatch(/^metrics/);
    expect(stepOf('buildUpstreamRequest (dist/apps/gateway/src/upstream/upstream-request.util.js:12)')).toMatch(/^upstream/);
    expect(stepOf('wasm-function[20] (wasm://wasm/00034eea:1)')).toMatch(/^upstream/);
    expect(stepOf('parseHeaders (undici/lib/core/util.js:436)')).toMatch(/^upstream/);
    expect(stepOf('admit (dist/apps/gateway/src/auth/request-admission.service.js:65)', 'post (dist/apps/gateway/src/http/openai.router.js:142)')).toMatch(/^admission/);
    expect(stepOf('fresh (dist/apps/gateway/src/resolution/resolution-cache.js:50)')).toMatch(/^admission/);
    expect(stepOf('onEnd (dist/apps/gateway/src/http/http-io.util.js:68)')).toMatch(/^request/);
    expect(stepOf('parserOnHeadersComplete (node:_http_common:71)')).toMatch(/^request/);
    expect(stepOf('(garbage collector)')).toBe('garbage collector');
    expect(stepOf('processTicksAndRejections (node:internal/process/task_queues:67)')).toBeUndefined();
  });

  it('names packages, scoped ones whole', () => {
    expect(packageOf('file:///r/node_modules/@grpc/grpc-js/build/src/x.js', 'f')).toBe('@grpc/grpc-js');
    expect(packageOf('file:///r/node_modules/undici/lib/x.js', 'f')).toBe('undici');
    expect(packageOf('file:///r/dist/libs/platform/src/x.js', 'f')).toBe('libs/platform');
    expect(packageOf('', '(program)')).toBe('(program)');
    expect(packageOf('', 'now')).toBe('(native)');
  });
});

describe('parseEnvFile', () => {
  it('reads the NAME=\'value\' lines npm run up writes, comments aside', () => {
    const text = "# Written by npm run up\nREGISTRY_URL='http://127.0.0.1:3000'\nADMIN_TOKEN='mg-admin-x=y'\nPLAIN=1\n";
    expect(parseEnvFile(text)).toEqual({ REGISTRY_URL: 'http://127.0.0.1:3000', ADMIN_TOKEN: 'mg-admin-x=y', PLAIN: '1' });
  });
});

describe('platform CPU', () => {
  it('counts the CPU of processes present at both readings only', () => {
    const before = new Map([
      [10, 1.0],
      [11, 2.0],
      [12, 5.0],
    ]);
    // 12 exited, 13 started: neither is counted; 10 and 11 used 0.5 s and 0.25 s.
    const after = new Map([
      [10, 1.5],
      [11, 2.25],
      [13, 0.1],
    ]);
    expect(cpuBetween(before, after)).toBeCloseTo(0.75);
  });

  it('finds processes by command name, and reads their CPU', () => {
    const comm = readFileSync('/proc/self/comm', 'utf8').trim();
    expect(pidsNamed([comm])).toContain(process.pid);
    expect(pidsNamed(['no-such-command-anywhere'])).toEqual([]);
    expect(cpuByPid([process.pid, 2 ** 22 + 1]).has(2 ** 22 + 1)).toBe(false);
    expect(cpuByPid([process.pid]).get(process.pid)).toBeGreaterThan(0);
  });
});
