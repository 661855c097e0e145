import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { workspaceRoot } from './workspace-root';

export interface MockProviderProcess {
  /** Base URL without `/v1`, e.g. http://127.0.0.1:41234 */
  url: string;
  apiKey: string;
  close(): Promise<void>;
}


/**
 * Starts the built mock provider (`dist/apps/mock-provider`) as a real process on a
 * free loopback port. Tests use it as a real upstream without importing an app.
 */
export async function startMockProviderProcess(options: { apiKey?: string; latencyMs?: number } = {}): Promise<MockProviderProcess> {
  const entry = join(workspaceRoot(), 'dist/apps/mock-provider/src/main.js');
  if (!existsSync(entry)) throw new Error(`${entry} is missing: build first (npm run build)`);
  const apiKey = options.apiKey ?? 'mock-provider-test-key';
  const child = spawn(process.execPath, [entry], {
    env: {
      PATH: process.env['PATH'] ?? '',
      NODE_ENV: 'test',
      MOCK_PROVIDER_HOST: '127.0.0.1',
      MOCK_PROVIDER_PORT: '0',
      MOCK_PROVIDER_API_KEY: apiKey,
      MOCK_PROVIDER_LATENCY_MS: String(options.latencyMs ?? 0),
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('mock provider did not start within 10 s')), 10_000);
    child.once('exit', (code) => reject(new Error(`mock provider exited with ${code}`)));
    createInterface({ input: child.stdout! }).on('line', (line) => {
      try {
        const parsed = JSON.parse(line) as { url?: string };
        if (parsed.url) {
          clearTimeout(timer);
          resolve(parsed.url);
        }
      } catch {
        // not a JSON line
      }
    });
  });
  return {
    url,
    apiKey,
    close: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
