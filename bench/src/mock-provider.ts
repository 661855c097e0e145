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

/** Where the reference proxy's usage events go: the stack's Kafka, a topic of the run's own, a journal directory. */
export interface ReferenceUsage {
  brokers: string[];
  topic: string;
  journalDir: string;
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

  /**
   * With `profileDir`, under `node --cpu-prof` (written there when it stops), for a profile of the floor beside the gateway's.
   * With `usage`, it also does the design's per-request duty: a key check and a usage event journaled and published to Kafka.
   */
  static async start(workspaceRoot: string, mock: BenchMockProvider, model: string, options: { profileDir?: string; usage?: ReferenceUsage } = {}): Promise<ReferenceProxy> {
    const nodeFlags = options.profileDir === undefined ? [] : ['--cpu-prof', `--cpu-prof-dir=${options.profileDir}`];
    const usage = options.usage === undefined ? [] : [options.usage.brokers.join(','), options.usage.topic, options.usage.journalDir];
    const name = options.usage === undefined ? 'the reference Node.js proxy' : 'the reference Node.js proxy with usage events';
    const { child, url } = await startUrlProcess(name, join(workspaceRoot, 'dist/bench/src/reference-proxy.js'), [mock.url, mock.apiKey, model, ...usage], {}, { nodeFlags });
    return new ReferenceProxy(child, url);
  }

  stop(): Promise<void> {
    return stopChild(this.child);
  }
}
