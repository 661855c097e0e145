import { readFileSync } from 'node:fs';
import { nodeFlags, nodeFlagsFile, SERVICES } from './stack';

describe('nodeFlags', () => {
  it.each(SERVICES)("%s: runs with the flags of its node-flags file, the one definition every launcher reads", (service) => {
    const flags = nodeFlags(service, 'source');
    expect(flags.join(' ')).toBe(readFileSync(nodeFlagsFile(service, 'source'), 'utf8').trim());
    for (const flag of flags) expect(flag).toMatch(/^--[a-z-]+(=\S+)?$/);
  });

  it("caps the gateway's heap (the 150 MB peak RSS target of bench/README.md) and keeps source maps off its hot path", () => {
    const flags = nodeFlags('gateway', 'source');
    expect(flags.some((flag) => flag.startsWith('--max-old-space-size='))).toBe(true);
    expect(flags).not.toContain('--enable-source-maps');
  });
});
