import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * The repository root, found by walking up to nx.json, so code runs the same from
 * its TypeScript source (Jest) and from the build output under dist/.
 */
export function workspaceRoot(start: string = __dirname): string {
  for (let dir = start; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'nx.json')) && existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) throw new Error(`no nx.json above ${start}`);
  }
}
