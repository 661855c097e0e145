import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { childPids } from './proc';

export interface NginxSettings {
  prefix: string;
  listenPort: number;
  upstreamPort: number;
  workers: number;
}

/** Fills bench/nginx/nginx.conf.template; every placeholder must be replaced. */
export function renderNginxConfig(template: string, s: NginxSettings): string {
  const values: Record<string, string> = {
    PREFIX: s.prefix,
    LISTEN_PORT: String(s.listenPort),
    UPSTREAM_PORT: String(s.upstreamPort),
    WORKERS: String(s.workers),
  };
  const rendered = template.replace(/\{\{([A-Z_]+)\}\}/g, (whole, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`unknown placeholder ${whole} in the nginx template`);
    return value;
  });
  return rendered;
}

/** `nginx/1.22.1` (nginx -v prints `nginx version: nginx/1.22.1` to stderr), or null when nginx is missing. */
export function nginxVersion(): string | null {
  const result = spawnSync('nginx', ['-v'], { encoding: 'utf8' });
  const match = /nginx\/[\w.]+/.exec(`${result.stderr ?? ''}${result.stdout ?? ''}`);
  return match ? match[0] : null;
}

export class NginxProcess {
  private constructor(
    private readonly child: ChildProcess,
    readonly url: string,
    readonly masterPid: number,
  ) {}

  /** The worker processes, where the proxying happens (their CPU time is what counts). */
  workerPids(): number[] {
    return childPids(this.masterPid);
  }

  /** Graceful stop (SIGQUIT), then SIGKILL after 5 s. */
  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.kill('SIGQUIT');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
  }

  /** Renders the config under `<prefix>/` and runs nginx in the foreground (`daemon off`). */
  static async start(workspaceRoot: string, s: NginxSettings): Promise<NginxProcess> {
    for (const dir of ['logs', 'tmp']) mkdirSync(join(s.prefix, dir), { recursive: true });
    const template = readFileSync(join(workspaceRoot, 'bench/nginx/nginx.conf.template'), 'utf8');
    const config = join(s.prefix, 'nginx.conf');
    writeFileSync(config, renderNginxConfig(template, s));
    const child = spawn('nginx', ['-p', s.prefix, '-c', config, '-e', join(s.prefix, 'logs/error.log'), '-g', 'daemon off;'], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const url = `http://127.0.0.1:${s.listenPort}`;
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`nginx exited with ${child.exitCode}: ${stderr}${readLog(s.prefix)}`);
      try {
        await fetch(`${url}/health`, { signal: AbortSignal.timeout(1_000) });
        return new NginxProcess(child, url, child.pid!);
      } catch {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
    child.kill('SIGKILL');
    throw new Error(`nginx did not answer on ${url} within 10 s: ${stderr}${readLog(s.prefix)}`);
  }
}

function readLog(prefix: string): string {
  const file = join(prefix, 'logs/error.log');
  return existsSync(file) ? readFileSync(file, 'utf8').slice(-2000) : '';
}
