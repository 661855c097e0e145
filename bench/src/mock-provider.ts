import { type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
// eslint-disable-next-line @nx/enforce-module-boundaries -- a single file of libs/testing with Node-only imports (bench:build compiles it)
import { startUrlProcess, stopChild } from '../../libs/testing/src/url-process';

/** The benchmark's own mock provider: zero added latency, its own key, a free port, nothing else talking to it. */
export class BenchMockProvider {
  private constructor(
    private readonly child: ChildProcess,
    readonly url: string,
    readonly apiKey: string,
  ) {}

  get pid(): number {
    return this.child.pid!;
  }

  get port(): number {
    return Number(new URL(this.url).port);
  }

  static async start(workspaceRoot: string, apiKey: string): Promise<BenchMockProvider> {
    const { child, url } = await startUrlProcess('the bench mock provider', join(workspaceRoot, 'dist/apps/mock-provider/src/main.js'), [], {
      NODE_ENV: 'production',
      MOCK_PROVIDER_HOST: '127.0.0.1',
      MOCK_PROVIDER_PORT: '0',
      MOCK_PROVIDER_API_KEY: apiKey,
      MOCK_PROVIDER_LATENCY_MS: '0',
    });
    return new BenchMockProvider(child, url, apiKey);
  }

  /** Creates or replaces a scenario model (`POST /__mock/scenarios`). */
  async scenario(definition: Record<string, unknown>): Promise<void> {
    const response = await fetch(`${this.url}/__mock/scenarios`, {
      method: 'POST',
      headers: { authorization: `Bearer ${this.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify(definition),
    });
    if (response.status !== 201) throw new Error(`creating mock scenario ${String(definition['id'])} failed: ${response.status} ${await response.text()}`);
  }

  stop(): Promise<void> {
    return stopChild(this.child);
  }
}

/** bench/src/reference-proxy.ts as a process in front of the mock. */
export class ReferenceProxy {
  private constructor(
    private readonly child: ChildProcess,
    readonly url: string,
  ) {}

  get pid(): number {
    return this.child.pid!;
  }

  /** With `profileDir`, under `node --cpu-prof` (written there when it stops), for a profile of the floor beside the gateway's. */
  static async start(workspaceRoot: string, mock: BenchMockProvider, model: string, profileDir?: string): Promise<ReferenceProxy> {
    const nodeFlags = profileDir === undefined ? [] : ['--cpu-prof', `--cpu-prof-dir=${profileDir}`];
    const { child, url } = await startUrlProcess('the reference Node.js proxy', join(workspaceRoot, 'dist/bench/src/reference-proxy.js'), [mock.url, mock.apiKey, model], {}, { nodeFlags });
    return new ReferenceProxy(child, url);
  }

  stop(): Promise<void> {
    return stopChild(this.child);
  }
}
