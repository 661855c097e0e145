import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
/* eslint-disable @nx/enforce-module-boundaries -- single files of libs/testing with Node-only imports (bench:build compiles them) */
import { launchProcess } from '../../libs/testing/src/process-launcher';
import { stopChild } from '../../libs/testing/src/url-process';
/* eslint-enable @nx/enforce-module-boundaries */
import { freePort, readEnvFile, runningPid, STACK_ENV_FILE, stackLauncher, WORKSPACE_ROOT } from './stack';

/** The gateway under test: the one `npm run up` started, or one of the benchmark's own (for a profile). */
export interface GatewayUnderTest {
  url: string;
  pid: number;
  own: boolean;
  stop(): Promise<void>;
}

/** The pid listening on a loopback TCP port, from `ss` (for a gateway started by someone else than `npm run up`). */
export function pidListeningOn(port: number): number | null {
  try {
    const out = execFileSync('ss', ['-ltnpH', `sport = :${port}`], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    const match = /pid=(\d+)/.exec(out);
    return match ? Number(match[1]) : null;
  } catch {
    return null;
  }
}

/** The stack's gateway: its pid from `.local/pids/gateway.pid`, or whoever listens on its port. */
export function stackGateway(url: string): GatewayUnderTest {
  const pid = runningPid('gateway') ?? pidListeningOn(Number(new URL(url).port));
  if (!pid) throw new Error(`no process found for the gateway at ${url} (no .local/pids/gateway.pid and nothing listening)`);
  return { url, pid, own: false, stop: async () => undefined };
}

/**
 * A gateway of the benchmark's own, with the stack's settings on a free port and its
 * own instance id (so its own consumer group), optionally with extra node flags such
 * as `--cpu-prof` (which NODE_OPTIONS does not accept). Its log goes to .local/bench/logs.
 */
export async function ownGateway(benchDir: string, nodeFlags: string[], extraEnv: Record<string, string> = {}): Promise<GatewayUnderTest> {
  const { entryPoint, localStackSettings, nodeFlags: flagsOf, serviceEnvironment, waitUntilReady } = await stackLauncher();
  const settings = localStackSettings(readEnvFile(STACK_ENV_FILE));
  settings.ports.gateway = await freePort();
  settings.ports.gatewayInternal = await freePort();
  settings.logDir = join(benchDir, 'logs');
  // Its own usage journal: the stack's gateway holds the stack's.
  settings.stateDir = join(benchDir, 'state');
  settings.overrides = { gateway: { GATEWAY_INSTANCE_ID: `bench-${process.pid}`, ...extraEnv } };
  const child = launchProcess({
    name: 'gateway',
    command: process.execPath,
    // The gateway's own flags first (apps/gateway/src/node-flags, as every launcher), then the run's extra ones, which win.
    args: [...flagsOf('gateway'), ...nodeFlags, entryPoint('gateway')],
    cwd: WORKSPACE_ROOT,
    env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '', ...serviceEnvironment('gateway', settings) },
    logFile: join(settings.logDir, 'gateway.log'),
    detached: false,
  });
  await waitUntilReady('gateway', settings, 60_000, child);
  return {
    url: `http://${settings.host}:${settings.ports.gateway}`,
    pid: child.pid,
    own: true,
    stop: () => stopChild(child, 20_000),
  };
}
