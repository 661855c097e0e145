import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, isPortFree } from './free-port';
import { isAlive, PidFiles, stopProcess, waitForExit } from './pid-files';
import { launchProcess } from './process-launcher';
import { startUrlProcess, stopChild } from './url-process';
import { eventually, waitFor } from './wait-for';
import { workspaceRoot } from './workspace-root';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'mg-testing-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('isPortFree', () => {
  it('says false while something listens on the port and true once it stopped', async () => {
    const port = await freePort();
    const server = createServer();
    await new Promise<void>((resolve, reject) => server.once('error', reject).listen(port, '127.0.0.1', resolve));
    expect(await isPortFree(port)).toBe(false);
    await new Promise((resolve) => server.close(resolve));
    expect(await isPortFree(port)).toBe(true);
  });
});

describe('freePort', () => {
  it('gives a loopback port that can be listened on', async () => {
    const port = await freePort();
    expect(port).toBeGreaterThan(0);
    const server = createServer();
    await new Promise<void>((resolve, reject) => server.once('error', reject).listen(port, '127.0.0.1', resolve));
    await new Promise((resolve) => server.close(resolve));
  });

  it('never hands out a port twice in one process, even one not bound yet', async () => {
    const ports: number[] = [];
    for (let i = 0; i < 40; i += 1) ports.push(await freePort());
    expect(new Set(ports).size).toBe(ports.length);
  });
});

describe('waitFor', () => {
  it('returns the first value that is neither undefined nor false', async () => {
    let calls = 0;
    const probes = [undefined, false, 0, 'x'];
    expect(await waitFor('a value', () => probes[calls++], 1_000, 1)).toBe(0);
    expect(calls).toBe(3);
  });

  it('fails after the timeout, naming what it waited for', async () => {
    await expect(waitFor('the moon', () => false, 50, 10)).rejects.toThrow('timed out after 50 ms waiting for the moon');
  });

  it('fails at once when the probe throws, unless asked to retry (then the last error is in the message)', async () => {
    let calls = 0;
    const failing = (): never => {
      calls++;
      throw new Error('connection refused');
    };
    await expect(waitFor('a service', failing, 1_000, 1)).rejects.toThrow('connection refused');
    expect(calls).toBe(1);
    await expect(waitFor('a service', failing, 50, 10, { retryOnError: true })).rejects.toThrow(
      /timed out after 50 ms waiting for a service \(last error: connection refused\)/,
    );
    expect(calls).toBeGreaterThan(2);
  });
});

describe('eventually', () => {
  it('retries until the check stops throwing, and returns its value', async () => {
    let calls = 0;
    const value = await eventually(() => {
      calls++;
      if (calls < 3) throw new Error(`not yet (${calls})`);
      return calls;
    }, 1_000, 1);
    expect(value).toBe(3);
  });

  it("throws the check's last error after the timeout", async () => {
    let calls = 0;
    await expect(
      eventually(() => {
        calls++;
        throw new Error(`still wrong (${calls})`);
      }, 50, 10),
    ).rejects.toThrow(/still wrong \((\d+)\)/);
    expect(calls).toBeGreaterThan(2);
  });
});

describe('PidFiles', () => {
  it('writes `<dir>/<name>.pid` and reads it back', () => {
    const pids = new PidFiles(join(dir, 'pids'));
    pids.write('svc', process.pid);
    expect(readFileSync(join(dir, 'pids', 'svc.pid'), 'utf8')).toBe(`${process.pid}\n`);
    expect(pids.read('svc')).toBe(process.pid);
    expect(pids.running('svc')).toBe(process.pid);
    expect(pids.read('other')).toBeUndefined();
  });

  it('treats a pid file of a process that is gone as stale and removes it', async () => {
    const child = spawn('true');
    await new Promise((resolve) => child.once('exit', resolve));
    const pids = new PidFiles(dir);
    pids.write('gone', child.pid!);
    expect(isAlive(child.pid!)).toBe(false);
    expect(pids.read('gone')).toBe(child.pid);
    expect(pids.running('gone')).toBeUndefined();
    expect(existsSync(pids.path('gone'))).toBe(false);
    expect(await pids.stop('gone')).toBe('not-running');
  });

  it('ignores a pid file that holds no pid', () => {
    writeFileSync(join(dir, 'junk.pid'), 'not a pid\n');
    expect(new PidFiles(dir).read('junk')).toBeUndefined();
  });

  it('stops a process with SIGTERM and removes its pid file', async () => {
    const child = launchProcess({ name: 'sleeper', command: 'sleep', args: ['30'], cwd: dir, env: process.env, detached: true, pidFiles: new PidFiles(dir) });
    const pids = new PidFiles(dir);
    expect(pids.running('sleeper')).toBe(child.pid);
    expect(await pids.stop('sleeper', 5_000)).toBe('stopped');
    expect(isAlive(child.pid)).toBe(false);
    expect(existsSync(pids.path('sleeper'))).toBe(false);
  });

  it('kills with SIGKILL after the grace period a process that ignores SIGTERM', async () => {
    const child = launchProcess({ name: 'stubborn', command: 'sh', args: ['-c', 'trap "" TERM; echo ready; while :; do sleep 0.05; done'], cwd: dir, env: process.env, detached: true, logFile: join(dir, 'stubborn.log') });
    await waitFor('the trap to be set', () => existsSync(join(dir, 'stubborn.log')) && readFileSync(join(dir, 'stubborn.log'), 'utf8').includes('ready'), 5_000, 20);
    expect(await stopProcess(child.pid, 200)).toBe('killed');
    expect(await waitForExit(child.pid, 1_000)).toBe(true);
  });

  it('kill() crashes the process and keeps its pid file', async () => {
    const pids = new PidFiles(dir);
    const child = launchProcess({ name: 'victim', command: 'sleep', args: ['30'], cwd: dir, env: process.env, detached: true, pidFiles: pids });
    await pids.kill('victim');
    expect(isAlive(child.pid)).toBe(false);
    expect(pids.read('victim')).toBe(child.pid);
  });
});

describe('launchProcess', () => {
  it("appends the process's stdout and stderr to its log file, in the given directory and environment", async () => {
    const logFile = join(dir, 'logs', 'echo.log');
    writeFileSync(join(dir, 'marker'), '');
    const first = launchProcess({ name: 'echo', command: 'sh', args: ['-c', 'echo "out $GREETING"; echo err >&2; ls marker'], cwd: dir, env: { PATH: process.env['PATH'], GREETING: 'hi' }, logFile, detached: false });
    await new Promise((resolve) => first.once('exit', resolve));
    const second = launchProcess({ name: 'echo', command: 'sh', args: ['-c', 'echo again'], cwd: dir, env: { PATH: process.env['PATH'] }, logFile, detached: false });
    await new Promise((resolve) => second.once('exit', resolve));
    expect(readFileSync(logFile, 'utf8').split('\n').filter(Boolean).sort()).toEqual(['again', 'err', 'marker', 'out hi']);
  });

  it('fails naming the process when the command cannot be started', () => {
    const pids = new PidFiles(dir);
    expect(() => launchProcess({ name: 'ghost', command: join(dir, 'no-such-binary'), args: [], cwd: dir, env: process.env, detached: true, pidFiles: pids })).toThrow(/ghost did not start/);
    expect(pids.read('ghost')).toBeUndefined();
  });
});

describe('startUrlProcess', () => {
  it('starts node with the given environment and resolves with the URL it prints; stopChild ends it', async () => {
    const entry = join(dir, 'server.js');
    writeFileSync(entry, "console.log('starting'); console.log(JSON.stringify({ url: `http://127.0.0.1:${process.env.PORT_HINT}` })); setInterval(() => undefined, 1000);");
    const { child, url } = await startUrlProcess('the test server', entry, [], { PORT_HINT: '1234' });
    expect(url).toBe('http://127.0.0.1:1234');
    await stopChild(child, 2_000);
    expect(child.signalCode).toBe('SIGTERM');
  });

  it('fails with the stderr of a process that exits before printing its URL', async () => {
    const entry = join(dir, 'broken.js');
    writeFileSync(entry, "console.error('config error: MOCK_PROVIDER_API_KEY is missing'); process.exit(3);");
    await expect(startUrlProcess('the broken server', entry, [], {})).rejects.toThrow(/the broken server exited with 3: config error: MOCK_PROVIDER_API_KEY is missing/);
    await expect(startUrlProcess('a missing server', join(dir, 'nope.js'), [], {})).rejects.toThrow(/nope\.js is missing/);
  });
});

/** scripts/lib/pid-file.sh: the shell side (scripts/kafka.sh) of the same pid files. */
describe('scripts/lib/pid-file.sh', () => {
  const helper = join(workspaceRoot(__dirname), 'scripts/lib/pid-file.sh');
  const sh = (script: string, ...args: string[]): string =>
    execFileSync('bash', ['-c', `set -euo pipefail; . "$0"; ${script}`, helper, ...args], { encoding: 'utf8' }).trim();

  it('writes the format PidFiles reads, and reads what PidFiles writes', () => {
    const pids = new PidFiles(join(dir, 'pids'));
    sh('pid_file_write "$1" 4242', pids.path('from-shell'));
    expect(pids.read('from-shell')).toBe(4242);
    pids.write('from-node', 4343);
    expect(sh('pid_file_read "$1"', pids.path('from-node'))).toBe('4343');
    expect(() => sh('pid_file_read "$1"', pids.path('missing'))).toThrow();
    sh('pid_file_remove "$1"', pids.path('from-shell'));
    expect(existsSync(pids.path('from-shell'))).toBe(false);
  });

  it('tells a live process from a finished one, and stops one with SIGTERM', async () => {
    const child = launchProcess({ name: 'sleeper', command: 'sleep', args: ['30'], cwd: dir, env: process.env, detached: true });
    expect(sh(`pid_alive ${child.pid} && echo alive || echo gone`)).toBe('alive');
    expect(sh(`pid_stop ${child.pid} 5`)).toBe('stopped');
    expect(await waitForExit(child.pid, 1_000)).toBe(true);
    expect(sh(`pid_alive ${child.pid} && echo alive || echo gone`)).toBe('gone');
  });

  it('kills after the grace period a process that ignores SIGTERM', async () => {
    const child = launchProcess({ name: 'stubborn', command: 'sh', args: ['-c', 'trap "" TERM; echo ready; while :; do sleep 0.05; done'], cwd: dir, env: process.env, detached: true, logFile: join(dir, 'stubborn.log') });
    await waitFor('the trap to be set', () => existsSync(join(dir, 'stubborn.log')) && readFileSync(join(dir, 'stubborn.log'), 'utf8').includes('ready'), 5_000, 20);
    expect(sh(`pid_stop ${child.pid} 0`)).toBe('killed');
    expect(await waitForExit(child.pid, 1_000)).toBe(true);
  });
});
