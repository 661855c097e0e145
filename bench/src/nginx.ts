import { readFileSync } from 'node:fs';
import { join } from 'node:path';
// eslint-disable-next-line @nx/enforce-module-boundaries -- a Node-only file of libs/testing (bench:build compiles it); its index would load the platform libraries
import { NginxProcess } from '../../libs/testing/src/nginx';
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

/** The benchmark's reference nginx: bench/nginx/nginx.conf.template in front of the mock provider. */
export class ReferenceNginx {
  private constructor(
    private readonly nginx: NginxProcess,
    readonly url: string,
  ) {}

  get masterPid(): number {
    return this.nginx.pid;
  }

  /** The worker processes, where the proxying happens (their CPU time is what counts). */
  workerPids(): number[] {
    return childPids(this.nginx.pid);
  }

  stop(): Promise<void> {
    return this.nginx.stop();
  }

  static async start(workspaceRoot: string, s: NginxSettings): Promise<ReferenceNginx> {
    const template = readFileSync(join(workspaceRoot, 'bench/nginx/nginx.conf.template'), 'utf8');
    const url = `http://127.0.0.1:${s.listenPort}`;
    const nginx = await NginxProcess.start({ prefix: s.prefix, config: renderNginxConfig(template, s), readyUrl: `${url}/health` });
    return new ReferenceNginx(nginx, url);
  }
}
