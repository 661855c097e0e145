import { type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { launchProcess } from './process-launcher';

/** A Node.js process that prints `{"url": ...}` on stdout once it listens (the mock provider, the benchmark's proxies). */
export interface UrlProcess {
  child: ChildProcess;
  url: string;
}

/**
 * Starts `node [nodeFlags] <entry> <args>` with only PATH and `env` in its environment (launchProcess, output piped) and waits
 * (10 s) for its `{"url": ...}` line. Its stderr is collected for the error when it
 * does not start, and also passed through with `forwardStderr` (tests, where a crash
 * should show). Node-only imports, so the benchmark can load this file by path.
 */
export async function startUrlProcess(
  name: string,
  entry: string,
  args: string[],
  env: Record<string, string>,
  options: { forwardStderr?: boolean; nodeFlags?: readonly string[] } = {},
): Promise<UrlProcess> {
  if (!existsSync(entry)) throw new Error(`${entry} is missing: build first (npm run build)`);
  const child = launchProcess({ name, command: process.execPath, args: [...(options.nodeFlags ?? []), entry, ...args], cwd: process.cwd(), env: { PATH: process.env['PATH'] ?? '', ...env }, pipeOutput: true, detached: false });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => {
    if (stderr.length < 64 * 1024) stderr += chunk.toString();
    if (options.forwardStderr) process.stderr.write(chunk);
  });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${name} did not start within 10 s: ${stderr}`));
    }, 10_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited with ${code}: ${stderr}`));
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
  return { child, url };
}

/** SIGTERM, then SIGKILL after the grace period; resolves once the process is gone. */
export async function stopChild(child: ChildProcess, graceMs = 8_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}
