import { type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { freePort, launchProcess, waitFor } from '@model-garden/testing';

interface GatewayLaunch {
  name: string;
  command: string;
  args: string[];
  cwd: string;
  env: Record<string, string>;
  logFile: string;
}

/**
 * One more gateway process of the e2e stack (tools/jest/e2e.global-setup.ts wrote how
 * its gateway is launched to E2E_GATEWAY_LAUNCH_FILE), on its own ports, with extra
 * variables; resolves once it is ready. The caller stops `child`.
 */
export async function startExtraGateway(name: string, extraEnv: Record<string, string> = {}): Promise<{ url: string; port: number; child: ChildProcess }> {
  const file = process.env['E2E_GATEWAY_LAUNCH_FILE'];
  if (!file) throw new Error('E2E_GATEWAY_LAUNCH_FILE is not set: run this suite with tools/jest/e2e.config.js');
  const launch = JSON.parse(readFileSync(file, 'utf8')) as GatewayLaunch;
  const port = await freePort();
  const child = launchProcess({
    ...launch,
    name,
    // Its own usage journal: the stack's gateway holds the launch's directory.
    env: { ...launch.env, GATEWAY_PORT: String(port), GATEWAY_INTERNAL_PORT: String(await freePort()), GATEWAY_USAGE_JOURNAL_DIR: mkdtempSync(join(tmpdir(), `mg-${name}-usage-`)), ...extraEnv },
    logFile: join(dirname(launch.logFile), `${name}.log`),
    detached: false,
  });
  const url = `http://127.0.0.1:${port}`;
  await waitFor(
    `${name} ready`,
    async () => {
      if (child.exitCode !== null) throw new Error(`${name} exited with code ${child.exitCode}; see ${name}.log`);
      return fetch(`${url}/health/ready`).then(
        (r) => r.ok,
        () => false,
      );
    },
    60_000,
    200,
  );
  return { url, port, child };
}
