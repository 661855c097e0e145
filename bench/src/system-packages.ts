import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/** True when `binary` is on the PATH. */
export function onPath(binary: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${binary}`], { stdio: 'ignore' }).status === 0;
}

/**
 * Makes sure a Debian package's binary is there: installs the package with apt-get
 * when it is missing and we are root. Debian's nginx package starts the system
 * nginx on port 80 when the machine allows services to start; if the install did
 * that, it is stopped again (the benchmark runs its own nginx in the foreground).
 */
export function ensureDebianPackage(binary: string, aptPackage: string, log: (line: string) => void): void {
  if (onPath(binary)) return;
  if (process.getuid?.() !== 0 || !onPath('apt-get')) {
    throw new Error(`${binary} is missing: install the Debian package ${aptPackage} (apt-get install ${aptPackage}) and run the benchmark again`);
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
