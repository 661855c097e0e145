import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { WORKSPACE_ROOT } from './browser';

export const STUDIO_DIST = join(WORKSPACE_ROOT, 'dist/apps/studio');
const SOURCES = [join(WORKSPACE_ROOT, 'apps/studio/src'), join(WORKSPACE_ROOT, 'apps/studio/index.html'), join(WORKSPACE_ROOT, 'apps/studio/vite.config.mts')];

function newest(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce((max, name) => Math.max(max, newest(join(path, name))), stat.mtimeMs);
}

/** The studio build the tests drive: built again when a source is newer than it (`npm test` builds it first anyway). */
export function ensureStudioBuild(): string {
  const index = join(STUDIO_DIST, 'index.html');
  const stale = !existsSync(index) || SOURCES.some((source) => newest(source) > statSync(index).mtimeMs);
  if (stale) {
    process.stdout.write('studio: building dist/apps/studio\n');
    execFileSync(join(WORKSPACE_ROOT, 'node_modules/.bin/vite'), ['build', '--config', 'apps/studio/vite.config.mts', '--logLevel', 'warn'], {
      cwd: WORKSPACE_ROOT,
      stdio: 'inherit',
      env: { ...process.env, VITE_CONFIG_NATIVE_IGNORE_WARNING: 'true' },
    });
  }
  return STUDIO_DIST;
}
