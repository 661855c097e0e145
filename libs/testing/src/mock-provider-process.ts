import { join } from 'node:path';
import { startUrlProcess, stopChild } from './url-process';
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
  const apiKey = options.apiKey ?? 'mock-provider-test-key';
  const { child, url } = await startUrlProcess(
    'mock provider',
    join(workspaceRoot(), 'dist/apps/mock-provider/src/main.js'),
    [],
    { NODE_ENV: 'test', MOCK_PROVIDER_HOST: '127.0.0.1', MOCK_PROVIDER_PORT: '0', MOCK_PROVIDER_API_KEY: apiKey, MOCK_PROVIDER_LATENCY_MS: String(options.latencyMs ?? 0) },
    { forwardStderr: true },
  );
  return { url, apiKey, close: () => stopChild(child) };
}
