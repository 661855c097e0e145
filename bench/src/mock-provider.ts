import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

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
    const entry = join(workspaceRoot, 'dist/apps/mock-provider/src/main.js');
    if (!existsSync(entry)) throw new Error(`${entry} is missing: run npm run up (or npm run build) first`);
    const child = spawn(process.execPath, [entry], {
      env: {
        PATH: process.env['PATH'] ?? '',
        NODE_ENV: 'production',
        MOCK_PROVIDER_HOST: '127.0.0.1',
        MOCK_PROVIDER_PORT: '0',
        MOCK_PROVIDER_API_KEY: apiKey,
        MOCK_PROVIDER_LATENCY_MS: '0',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the bench mock provider did not start within 10 s: ${stderr}`)), 10_000);
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`the bench mock provider exited with ${code}: ${stderr}`));
      });
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

  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 8_000);
    await exited;
    clearTimeout(timer);
  }
}
