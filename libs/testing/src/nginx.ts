import { type ChildProcess, execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type PidFiles } from './pid-files';
import { launchProcess } from './process-launcher';
import { sleep } from './wait-for';

/**
 * nginx, the one way this repository runs it: `npm run up -- --replicas=N` and the
 * scale-out reliability test put it in front of the registries and of the gateways
 * (`loadBalancerConfig`); the benchmark runs it as the reference proxy. Node-only
 * imports, so Jest's global setups and the benchmark can load this file by path.
 */

/** True when `binary` is on the PATH. */
export function onPath(binary: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${binary}`], { stdio: 'ignore' }).status === 0;
}

/**
 * Makes sure a Debian package's binary is there: installs the package with apt-get
 * when it is missing and we are root. Debian's nginx package starts the system nginx
 * on port 80 when the machine allows services to start; if the install did that, it
 * is stopped again (ours run in the foreground with their own prefix).
 */
export function ensureDebianPackage(binary: string, aptPackage: string, log: (line: string) => void): void {
  if (onPath(binary)) return;
  if (process.getuid?.() !== 0 || !onPath('apt-get')) {
    throw new Error(`${binary} is missing: install the Debian package ${aptPackage} (apt-get install ${aptPackage}) and try again`);
  }
  const systemNginxBefore = existsSync('/run/nginx.pid');
  log(`installing ${aptPackage} with apt-get (${binary} is missing)`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const install = (): boolean => spawnSync('apt-get', ['install', '-y', '-q', aptPackage], { env, stdio: 'ignore' }).status === 0;
  if (!install()) {
    spawnSync('apt-get', ['update', '-q'], { env, stdio: 'ignore' });
    if (!install()) throw new Error(`apt-get install ${aptPackage} failed`);
  }
  if (binary === 'nginx' && !systemNginxBefore && existsSync('/run/nginx.pid')) {
    try {
      execFileSync('nginx', ['-s', 'stop'], { stdio: 'ignore' });
      log('stopped the system nginx that the package install started');
    } catch {
      // not running after all
    }
  }
  if (!onPath(binary)) throw new Error(`${aptPackage} installed but ${binary} is still not on the PATH`);
}

/** `nginx/1.22.1` (nginx -v prints `nginx version: nginx/1.22.1` to stderr), or null when nginx is missing. */
export function nginxVersion(): string | null {
  const result = spawnSync('nginx', ['-v'], { encoding: 'utf8' });
  const match = /nginx\/[\w.]+/.exec(`${result.stderr ?? ''}${result.stdout ?? ''}`);
  return match ? match[0] : null;
}

/** One entry of the load balancer: nginx listens on `listen` and spreads requests over `upstreams` (ports on `host`). */
export interface BalancedEntry {
  /** The upstream block's name: letters, digits and underscores. */
  name: string;
  listen: number;
  upstreams: number[];
}

/**
 * An nginx configuration that is the single entry to several replicas of a service:
 * round robin over the replicas with keep-alive connections; a replica that refuses
 * connections or times out is skipped for `fail_timeout` and a request it never
 * received goes to the next one (nginx does not resend a POST an upstream may have
 * processed); SSE and request bodies pass through unbuffered; X-Forwarded-For carries
 * the client's address (the gateway reads it from trusted proxies only). With
 * `accessLog`, nginx writes one JSON line per request there (`ACCESS_LOG_FIELDS`):
 * which replica answered, or which ones it tried, with what, for the client's request id.
 */
export function loadBalancerConfig(options: {
  prefix: string;
  host: string;
  entries: BalancedEntry[];
  workers?: number;
  accessLog?: string;
  /**
   * The local address nginx connects to the replicas from (`proxy_bind`): with one the
   * replicas trust alone (e.g. 127.0.0.2 on Linux's loopback), a client calling a replica
   * directly from 127.0.0.1 cannot pass for nginx and pick its X-Forwarded-For.
   */
  sourceAddress?: string;
}): string {
  const { prefix, host } = options;
  const blocks = options.entries.map((entry) => {
    if (!/^\w+$/.test(entry.name)) throw new Error(`nginx upstream name "${entry.name}" must be letters, digits and underscores`);
    if (entry.upstreams.length === 0) throw new Error(`nginx entry ${entry.name} has no upstreams`);
    return `
  upstream ${entry.name} {
${entry.upstreams.map((port) => `    server ${host}:${port} max_fails=1 fail_timeout=2s;`).join('\n')}
    keepalive 64;
  }

  server {
    listen ${host}:${entry.listen};
    keepalive_requests 100000;

    location / {
      proxy_pass http://${entry.name};${options.sourceAddress ? `\n      proxy_bind ${options.sourceAddress};` : ''}
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $http_host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto $scheme;
      proxy_next_upstream error timeout http_502 http_503;
      proxy_next_upstream_tries ${entry.upstreams.length};
      proxy_connect_timeout 2s;
      proxy_read_timeout 600s;
      proxy_send_timeout 600s;
      proxy_buffering off;
      # Bodies stream to the replica as they arrive, never through a temporary file: nginx's
      # workers run as nobody when started by root, and cannot write under a checkout whose
      # parent is mode 0700 (a body over 16 KB was a 500). A refused connection is still
      # retried on the next replica: nothing was sent yet.
      proxy_request_buffering off;
    }
  }`;
  });
  return `# Written by libs/testing/src/nginx.ts (loadBalancerConfig); rewritten on every start.
worker_processes ${options.workers ?? 1};
pid ${prefix}/nginx.pid;
error_log ${prefix}/logs/error.log warn;

events {
  worker_connections 4096;
}

http {
${accessLogDirectives(options.accessLog)}
  # The services enforce their own body limits and answer with their own errors.
  client_max_body_size 0;
  client_body_temp_path ${prefix}/tmp/client_body;
  proxy_temp_path ${prefix}/tmp/proxy;
  fastcgi_temp_path ${prefix}/tmp/fastcgi;
  uwsgi_temp_path ${prefix}/tmp/uwsgi;
  scgi_temp_path ${prefix}/tmp/scgi;
${blocks.join('\n')}
}
`;
}

/**
 * One line of the load balancer's access log. `upstreams`: every replica tried, in order
 * (`127.0.0.1:4001, 127.0.0.1:4002` when the first refused the connection), and
 * `upstreamStatuses` what each answered (`502` for one that failed after the request was sent).
 */
export interface NginxAccessLine {
  /** Seconds since the epoch, with milliseconds, when nginx finished the request. */
  msec: string;
  requestId: string;
  method: string;
  uri: string;
  status: string;
  upstreams: string;
  upstreamStatuses: string;
}

function accessLogDirectives(file: string | undefined): string {
  if (file === undefined) return '  access_log off;';
  const fields: Record<keyof NginxAccessLine, string> = {
    msec: '$msec',
    requestId: '$http_x_request_id',
    method: '$request_method',
    uri: '$uri',
    status: '$status',
    upstreams: '$upstream_addr',
    upstreamStatuses: '$upstream_status',
  };
  const format = Object.entries(fields)
    .map(([name, variable]) => `"${name}":"${variable}"`)
    .join(',');
  return `  log_format replicas escape=json '{${format}}';\n  access_log ${file} replicas;`;
}

/** The lines of an access log written with `loadBalancerConfig({ accessLog })`. */
export function readAccessLog(file: string): NginxAccessLine[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as NginxAccessLine);
}

export interface NginxOptions {
  /** nginx's prefix directory: the configuration, pid, logs and temporary files live under it. */
  prefix: string;
  /** The whole configuration (loadBalancerConfig, or the benchmark's template). */
  config: string;
  /** A URL through nginx that answers once nginx is up. */
  readyUrl: string;
  /** Outlives the launcher (`npm run up`), with its pid as `nginx.pid` in `pidFiles`. */
  detached?: boolean;
  pidFiles?: PidFiles;
  timeoutMs?: number;
}

/** nginx running in the foreground (`daemon off`) under its own prefix. */
export class NginxProcess {
  private constructor(
    private readonly child: ChildProcess,
    readonly prefix: string,
  ) {}

  get pid(): number {
    return this.child.pid!;
  }

  /** Writes `<prefix>/nginx.conf`, starts nginx and waits until `readyUrl` answers (any status). */
  static async start(options: NginxOptions): Promise<NginxProcess> {
    for (const dir of ['logs', 'tmp']) mkdirSync(join(options.prefix, dir), { recursive: true });
    const configFile = join(options.prefix, 'nginx.conf');
    writeFileSync(configFile, options.config);
    const test = spawnSync('nginx', ['-t', '-q', '-p', options.prefix, '-c', configFile, '-e', join(options.prefix, 'logs/error.log')], { encoding: 'utf8' });
    if (test.status !== 0) throw new Error(`nginx rejected ${configFile}: ${test.stderr}`);
    const child = launchProcess({
      name: 'nginx',
      command: 'nginx',
      args: ['-p', options.prefix, '-c', configFile, '-e', join(options.prefix, 'logs/error.log'), '-g', 'daemon off;'],
      cwd: options.prefix,
      env: { PATH: process.env['PATH'] ?? '/usr/sbin:/usr/bin:/sbin:/bin' },
      logFile: join(options.prefix, 'logs/nginx.out'),
      detached: options.detached ?? false,
      ...(options.pidFiles ? { pidFiles: options.pidFiles } : {}),
    });
    const deadline = Date.now() + (options.timeoutMs ?? 10_000);
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`nginx exited with ${child.exitCode}: ${errorLog(options.prefix)}`);
      try {
        await fetch(options.readyUrl, { signal: AbortSignal.timeout(1_000) });
        return new NginxProcess(child, options.prefix);
      } catch {
        await sleep(100);
      }
    }
    child.kill('SIGKILL');
    throw new Error(`nginx did not answer on ${options.readyUrl} within ${options.timeoutMs ?? 10_000} ms: ${errorLog(options.prefix)}`);
  }

  /** Graceful stop (SIGQUIT: finish what is in flight), then SIGKILL after 5 s. */
  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.kill('SIGQUIT');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
  }
}

/**
 * Gives a running nginx (started by `NginxProcess.start` with this prefix) a new
 * configuration: checked with `nginx -t` first, then written over `<prefix>/nginx.conf`
 * and reloaded (SIGHUP: new workers take the new upstreams, the old ones finish what
 * they have in flight). Returns false, and changes nothing, when the configuration is
 * the same.
 */
export function reloadNginx(options: { prefix: string; config: string; pid: number }): boolean {
  const configFile = join(options.prefix, 'nginx.conf');
  if (existsSync(configFile) && readFileSync(configFile, 'utf8') === options.config) return false;
  const candidate = join(options.prefix, 'nginx.conf.next');
  writeFileSync(candidate, options.config);
  const test = spawnSync('nginx', ['-t', '-q', '-p', options.prefix, '-c', candidate, '-e', join(options.prefix, 'logs/error.log')], { encoding: 'utf8' });
  if (test.status !== 0) throw new Error(`nginx rejected ${candidate}: ${test.stderr}`);
  renameSync(candidate, configFile);
  process.kill(options.pid, 'SIGHUP');
  return true;
}

function errorLog(prefix: string): string {
  const file = join(prefix, 'logs/error.log');
  return existsSync(file) ? readFileSync(file, 'utf8').slice(-2000) : '(no error log)';
}
