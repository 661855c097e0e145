import { execFileSync } from 'node:child_process';
import { readdirSync, readlinkSync, realpathSync, statSync } from 'node:fs';
import { isAbsolute, join, relative } from 'node:path';
import { type PlatformService, SERVICES, WORKSPACE_ROOT } from '../../tools/stack/stack';
import { closeHttp, http } from './support/http';
import { portOpen, postmasterPid } from './support/infra';
import { ready, state, url } from './support/stack-client';

afterAll(closeHttp);

const CHECKOUT = realpathSync(WORKSPACE_ROOT);
/** True when `path` is the checkout or inside it (after resolving symlinks of what exists). */
function insideCheckout(path: string): boolean {
  const rel = relative(CHECKOUT, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/** The tier runs on its own infrastructure: nothing here is the machine's shared PostgreSQL, Redis or Kafka. */
describe('the reliability stack', () => {
  it('runs its own PostgreSQL, Redis and Kafka on ports of its own', async () => {
    for (const port of [state.postgres.port, state.redis.port, state.kafka.port]) {
      expect([5432, 6379, 9092]).not.toContain(port);
      expect(await portOpen(port)).toBe(true);
    }
  });

  it.each(SERVICES.filter((s): s is PlatformService => s !== 'mock-provider'))('%s is ready; its public port has no metrics', async (service) => {
    expect((await ready(service)).status).toBe(200);
    expect((await http(`${url(service)}/metrics`)).status).toBe(404);
  });
});

/**
 * The checkout may live where the `postgres` user cannot enter (a clone under a home
 * directory or a `mktemp -d` directory, mode 0700): the cluster's files, its working
 * directory and every file it holds open are outside the checkout, in a directory that
 * user owns.
 */
describe("the reliability stack's PostgreSQL does not need the checkout", () => {
  it('keeps its data directory and log outside the checkout', () => {
    for (const path of [state.postgres.home, state.postgres.dataDir, state.postgres.logFile]) {
      expect([path, insideCheckout(realpathSync(path))]).toEqual([path, false]);
    }
    expect(relative(state.postgres.home, state.postgres.dataDir).startsWith('..')).toBe(false);
    expect(relative(state.postgres.home, state.postgres.logFile).startsWith('..')).toBe(false);
  });

  it('runs from outside the checkout and has no file of it open', () => {
    const pid = postmasterPid(state);
    expect(pid).toBeDefined();
    const cwd = readlinkSync(`/proc/${pid}/cwd`);
    expect([cwd, insideCheckout(cwd)]).toEqual([cwd, false]);
    const open = readdirSync(`/proc/${pid}/fd`)
      .map((fd) => {
        try {
          return readlinkSync(join(`/proc/${pid}/fd`, fd));
        } catch {
          return ''; // closed meanwhile
        }
      })
      .filter((target) => target.startsWith('/'));
    expect(open.length).toBeGreaterThan(0);
    expect(open.filter(insideCheckout)).toEqual([]);
  });

  const asRoot = process.getuid?.() === 0;
  (asRoot ? it : it.skip)('as root: the cluster runs as the postgres user, which owns its home and can reach it', () => {
    const postgresUid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    expect(statSync(state.postgres.home).uid).toBe(postgresUid);
    expect(statSync(state.postgres.dataDir).uid).toBe(postgresUid);
    expect(statSync(`/proc/${postmasterPid(state)}`).uid).toBe(postgresUid);
    // From / as working directory, the way another user with no access to the checkout would.
    expect(() => execFileSync('runuser', ['-u', 'postgres', '--', 'test', '-r', join(state.postgres.dataDir, 'PG_VERSION')], { cwd: '/' })).not.toThrow();
  });
});
