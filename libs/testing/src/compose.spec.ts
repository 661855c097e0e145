import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  ComposeInterpolationError,
  type ComposeService,
  healthcheckCommand,
  interpolate,
  loadComposeProject,
  publishedPorts,
  readEnvExample,
  REPO_ROOT,
  sampleSecrets,
  serviceDockerfile,
  serviceEnvironment,
} from './compose';

describe('interpolate (Docker Compose variable syntax)', () => {
  const env = { SET: 'value', EMPTY: '' };

  it.each([
    ['${SET}', 'value'],
    ['$SET/x', 'value/x'],
    ['${UNSET}', ''],
    ['${UNSET:-fallback}', 'fallback'],
    ['${EMPTY:-fallback}', 'fallback'],
    ['${EMPTY-fallback}', ''],
    ['${UNSET-fallback}', 'fallback'],
    ['${UNSET:-${SET}}', 'value'],
    ['${SET:+alt}', 'alt'],
    ['${EMPTY:+alt}', ''],
    ['${EMPTY+alt}', 'alt'],
    ['${SET:?needed}', 'value'],
    ['cost: $$5', 'cost: $5'],
    ["fetch('http://127.0.0.1:3000/x')", "fetch('http://127.0.0.1:3000/x')"],
  ])('%s → %p', (template, expected) => {
    expect(interpolate(template, env)).toBe(expected);
  });

  it('fails on a required variable that is unset or empty, with its message', () => {
    expect(() => interpolate('${UNSET:?set UNSET}', env)).toThrow(new ComposeInterpolationError('required variable UNSET is missing a value: set UNSET'));
    expect(() => interpolate('${EMPTY:?}', env)).toThrow(/EMPTY is missing a value/);
    expect(interpolate('${EMPTY?}', env)).toBe('');
  });

  it('fails on what Compose refuses', () => {
    expect(() => interpolate('${SET', env)).toThrow(/Unclosed/);
    expect(() => interpolate('5$', env)).toThrow(/\$\$/);
    expect(() => interpolate('${SET:=x}', env)).toThrow(/Invalid interpolation/);
  });

  it('records every variable it meets', () => {
    const seen = new Set<string>();
    interpolate('${A:-${B}} $C $$D', {}, seen);
    expect([...seen].sort()).toEqual(['A', 'B', 'C']);
  });
});

describe('docker-compose.yml as a whole', () => {
  const project = loadComposeProject(sampleSecrets());
  const service = (name: string): ComposeService => {
    const found = project.services[name];
    if (!found) throw new Error(`docker-compose.yml has no service ${name}`);
    return found;
  };
  const env = (name: string): Record<string, string> => serviceEnvironment(service(name), name);
  const APPS = ['registry', 'validator', 'gateway', 'mock-provider', 'experiment-worker'];

  it('has the infrastructure, the migrations and the five apps', () => {
    expect(Object.keys(project.services).sort()).toEqual(['experiment-worker', 'gateway', 'kafka', 'migrate', 'mock-provider', 'postgres', 'redis', 'registry', 'validator']);
  });

  it('loads without any variable set: scripts/infra.sh runs `docker compose up postgres redis kafka` with no .env', () => {
    // A `${VAR:?}` anywhere would stop every compose command, for every service.
    expect(() => loadComposeProject({})).not.toThrow();
  });

  it('documents every variable it reads in .env.example, and .env.example nothing else', () => {
    const { required, optional } = readEnvExample();
    expect([...project.variables].sort()).toEqual([...Object.keys(required), ...Object.keys(optional)].sort());
  });

  it('.env.example asks for exactly the secrets the app specs fill in', () => {
    const { required } = readEnvExample();
    expect(Object.keys(required).sort()).toEqual(Object.keys(sampleSecrets()).sort());
    expect(Object.values(required).every((value) => value === '')).toBe(true);
  });

  it('gives every long-running service a healthcheck and every named volume a declaration', () => {
    for (const [name, definition] of Object.entries(project.services)) {
      if (name !== 'migrate') expect([name, healthcheckCommand(definition) !== undefined]).toEqual([name, true]);
      for (const volume of (definition['volumes'] as string[] | undefined) ?? []) {
        expect(Object.keys(project.volumes ?? {})).toContain(volume.split(':')[0]);
      }
    }
  });

  it('publishes ports on 127.0.0.1 only, at the ports the scripts use on the host', () => {
    const published = Object.fromEntries(Object.entries(project.services).map(([name, definition]) => [name, publishedPorts(definition)]));
    expect(published).toEqual({
      postgres: [{ hostIp: '127.0.0.1', published: '5432', target: '5432' }],
      redis: [{ hostIp: '127.0.0.1', published: '6379', target: '6379' }],
      kafka: [{ hostIp: '127.0.0.1', published: '9092', target: '9092' }],
      migrate: [],
      registry: [{ hostIp: '127.0.0.1', published: '3000', target: '3000' }],
      validator: [{ hostIp: '127.0.0.1', published: '3001', target: '3001' }],
      gateway: [{ hostIp: '127.0.0.1', published: '3002', target: '3002' }],
      'mock-provider': [{ hostIp: '127.0.0.1', published: '3003', target: '3003' }],
      'experiment-worker': [{ hostIp: '127.0.0.1', published: '3004', target: '3004' }],
    });
  });

  describe('postgres', () => {
    it('is PostgreSQL 16 with the database model_garden, trusted connections and a TCP readiness check', () => {
      expect(service('postgres').image).toBe('postgres:16-alpine');
      expect(env('postgres')).toMatchObject({ POSTGRES_DB: 'model_garden', POSTGRES_HOST_AUTH_METHOD: 'trust' });
      expect(healthcheckCommand(service('postgres'))).toMatch(/^pg_isready -h 127\.0\.0\.1 -U postgres -d model_garden$/);
    });

    it('also creates the database `test` that the host scripts connect to first, then runs the image entrypoint', () => {
      const entrypoint = (service('postgres').entrypoint as string[]).join(' ');
      expect(entrypoint).toContain("echo 'CREATE DATABASE test;' > /docker-entrypoint-initdb.d/");
      expect(entrypoint).toMatch(/&& exec docker-entrypoint\.sh postgres$/);
    });

    it('is where the registry and the migrations connect', () => {
      for (const name of ['registry', 'migrate']) {
        const url = new URL(env(name)['DATABASE_URL']!);
        expect([name, url.hostname, url.port, url.pathname, url.username]).toEqual([name, 'postgres', '5432', '/model_garden', 'postgres']);
      }
    });
  });

  describe('redis', () => {
    it('is Redis 7 with a ping healthcheck, where every platform service connects', () => {
      expect(service('redis').image).toBe('redis:7-alpine');
      expect(healthcheckCommand(service('redis'))).toContain('redis-cli ping');
      for (const name of ['registry', 'migrate', 'validator', 'gateway', 'experiment-worker']) expect([name, env(name)['REDIS_URL']]).toEqual([name, 'redis://redis:6379']);
    });
  });

  describe('kafka', () => {
    const kafka = (): Record<string, string> => env('kafka');
    const listeners = (value: string): Record<string, string> =>
      Object.fromEntries(value.split(',').map((entry) => /^(\w+):\/\/(.*)$/.exec(entry.trim())!.slice(1, 3) as [string, string]));

    it('is the official apache/kafka 3.9.1 image as a single-node KRaft broker and controller', () => {
      expect(service('kafka').image).toBe('apache/kafka:3.9.1');
      const k = kafka();
      expect(k['KAFKA_PROCESS_ROLES']).toBe('broker,controller');
      expect(k['KAFKA_NODE_ID']).toBe('1');
      expect(k['KAFKA_CONTROLLER_QUORUM_VOTERS']).toBe('1@kafka:9093');
      expect(k['KAFKA_CONTROLLER_LISTENER_NAMES']).toBe('CONTROLLER');
      expect(Buffer.from(k['CLUSTER_ID']!, 'base64url')).toHaveLength(16);
      expect(service('kafka').hostname).toBe('kafka');
    });

    it('listens for containers on kafka:29092, for the host on 127.0.0.1:9092 and for the controller on 9093', () => {
      const k = kafka();
      expect(listeners(k['KAFKA_LISTENERS']!)).toEqual({ INTERNAL: ':29092', EXTERNAL: ':9092', CONTROLLER: ':9093' });
      expect(listeners(k['KAFKA_ADVERTISED_LISTENERS']!)).toEqual({ INTERNAL: 'kafka:29092', EXTERNAL: '127.0.0.1:9092' });
      expect(listeners(k['KAFKA_LISTENER_SECURITY_PROTOCOL_MAP']!.replace(/:PLAINTEXT/g, '://PLAINTEXT'))).toEqual({
        INTERNAL: 'PLAINTEXT',
        EXTERNAL: 'PLAINTEXT',
        CONTROLLER: 'PLAINTEXT',
      });
      expect(k['KAFKA_INTER_BROKER_LISTENER_NAME']).toBe('INTERNAL');
    });

    it('has replication factor 1 for its internal topics and no rebalance delay', () => {
      expect(kafka()).toMatchObject({
        KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR: '1',
        KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR: '1',
        KAFKA_TRANSACTION_STATE_LOG_MIN_ISR: '1',
        KAFKA_DEFAULT_REPLICATION_FACTOR: '1',
        KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS: '0',
      });
    });

    it('keeps its data in the volume and is healthy when a client gets broker API versions', () => {
      expect(kafka()['KAFKA_LOG_DIRS']).toBe('/var/lib/kafka/data');
      expect(service('kafka')['volumes']).toEqual(['kafka-data:/var/lib/kafka/data']);
      expect(healthcheckCommand(service('kafka'))).toMatch(/^\/opt\/kafka\/bin\/kafka-broker-api-versions\.sh --bootstrap-server 127\.0\.0\.1:9092\b/);
    });

    it("is reached by every platform service on its INTERNAL listener", () => {
      for (const name of ['registry', 'migrate', 'validator', 'gateway', 'experiment-worker']) expect([name, env(name)['KAFKA_BROKERS']]).toEqual([name, 'kafka:29092']);
    });
  });

  describe('Dockerfiles', () => {
    const dockerfile = (app: string): string => readFileSync(join(REPO_ROOT, 'apps', app, 'Dockerfile'), 'utf8');
    const instructions = (text: string): string[] =>
      text
        .replace(/\\\n/g, ' ')
        .split('\n')
        .map((line) => line.trim())
        .filter((line) => line && !line.startsWith('#'));
    const portOf = (app: string): string => env(app)[`${app.toUpperCase().replace('-', '_')}_PORT`]!;

    it('every service that builds an image uses an existing apps/<app>/Dockerfile with the repository as context', () => {
      const built = Object.entries(project.services).filter(([, definition]) => definition.build);
      expect(built.map(([name]) => name).sort()).toEqual(['experiment-worker', 'gateway', 'migrate', 'mock-provider', 'registry', 'validator']);
      for (const [name, definition] of built) {
        const path = serviceDockerfile(definition)!;
        expect([name, path.startsWith(join(REPO_ROOT, 'apps')), existsSync(path)]).toEqual([name, true, true]);
        expect([name, typeof definition.build === 'object' && definition.build.context]).toEqual([name, '.']);
      }
    });

    it.each(APPS)('%s: builds with the nx build command, installs production dependencies only, runs main.js as `node`', (app) => {
      const lines = instructions(dockerfile(app));
      const build = JSON.parse(readFileSync(join(REPO_ROOT, 'apps', app, 'project.json'), 'utf8')) as { targets: { build: { options: { command: string } } } };
      expect(lines.filter((l) => l.startsWith('FROM ')).map((l) => l.split(' ')[1])).toEqual(Array(3).fill('node:24-bookworm-slim'));
      expect(lines).toContain('RUN npm ci --ignore-scripts --no-audit --no-fund');
      expect(lines).toContain(`RUN npx ${build.targets.build.options.command}`);
      expect(lines).toContain('RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force');
      const runtime = lines.slice(lines.map((l) => l.startsWith('FROM ')).lastIndexOf(true));
      expect(runtime).toEqual(
        expect.arrayContaining([
          'ENV NODE_ENV=production',
          `COPY --from=build /repo/dist/apps/${app} ./dist/apps/${app}`,
          'COPY --from=build /repo/dist/libs ./dist/libs',
          'USER node',
        ]),
      );
      expect(runtime.find((l) => l.startsWith('EXPOSE '))?.split(' ')).toContain(portOf(app));
      // Node's flags: apps/<app>/src/node-flags (copied into dist by the build), read by every launcher (see tools/stack nodeFlags).
      expect(runtime.at(-1)).toBe(`CMD ["sh", "-c", "exec node $(cat dist/apps/${app}/src/node-flags) dist/apps/${app}/src/main.js"]`);
      expect(readFileSync(join(REPO_ROOT, 'apps', app, 'src/node-flags'), 'utf8')).toMatch(/^(--[a-z-]+(=\S+)?( |\n|$))*$/);
      const serve = JSON.parse(readFileSync(join(REPO_ROOT, 'apps', app, 'project.json'), 'utf8')) as { targets: { serve: { options: { command: string } } } };
      expect(serve.targets.serve.options.command).toBe(`node $(cat dist/apps/${app}/src/node-flags) dist/apps/${app}/src/main.js`);
      expect(existsSync(join(REPO_ROOT, 'apps', app, 'src/main.ts'))).toBe(true);
    });

    it('run the Node.js LTS line that CI also tests on (.ci/run MG_ALSO_NODE), which package.json engines allow beside the machine default', () => {
      const ciNode = /^export MG_ALSO_NODE="\$\{MG_ALSO_NODE-(\d+)\.(\d+)\.(\d+)\}"$/m.exec(readFileSync(join(REPO_ROOT, '.ci/run'), 'utf8'));
      expect(ciNode).not.toBeNull();
      const [ciMajor] = ciNode!.slice(1).map(Number);
      for (const app of APPS) expect([app, /^FROM node:(\d+)-/m.exec(dockerfile(app))?.[1]]).toEqual([app, String(ciMajor)]);
      const { engines } = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { engines: { node: string } };
      // `^X.Y.Z || ^A.B.C`: a version is allowed when one range's major matches and it is not older.
      const allows = (version: number[]): boolean =>
        engines.node.split('||').some((range) => {
          const bound = /^\s*\^(\d+)\.(\d+)\.(\d+)\s*$/.exec(range)?.slice(1).map(Number);
          if (!bound) throw new Error(`package.json engines.node: "${range.trim()}" is not a ^X.Y.Z range`);
          return version[0] === bound[0] && (version[1]! > bound[1]! || (version[1] === bound[1] && version[2]! >= bound[2]!));
        });
      expect([engines.node, allows(ciNode!.slice(1).map(Number))]).toEqual([engines.node, true]);
      expect([process.version, allows(process.versions.node.split('.').map(Number))]).toEqual([process.version, true]);
    });

    /** The registry's lines that build and ship the studio (and their comments). */
    const studioLines = (text: string): string[] => text.split('\n').filter((line) => /studio|tsconfig\.base\.json/.test(line));

    /** The gateway's lines that make its usage journal's directory, owned by `node` (and their comments). */
    const journalLines = (text: string): string[] => text.split('\n').filter((line) => /usage[- ]journal/.test(line));

    it('the apps differ only in the app name and the exposed ports (and the studio the registry ships, the journal directory the gateway makes)', () => {
      const shape = (app: string): string =>
        dockerfile(app)
          .split('\n')
          .filter((line) => !studioLines(dockerfile(app)).includes(line) && !journalLines(dockerfile(app)).includes(line))
          .join('\n')
          .split(app)
          .join('<app>')
          .replace(/^EXPOSE .*$/m, 'EXPOSE <ports>');
      for (const app of APPS) expect(shape(app)).toBe(shape('registry'));
      for (const app of APPS.filter((a) => a !== 'registry')) expect([app, studioLines(dockerfile(app))]).toEqual([app, []]);
      for (const app of APPS.filter((a) => a !== 'gateway')) expect([app, journalLines(dockerfile(app))]).toEqual([app, []]);
    });

    it("the gateway image makes the directory its compose volume mounts for the usage journal, owned by the user it runs as", () => {
      const dir = env('gateway')['GATEWAY_USAGE_JOURNAL_DIR'];
      const lines = instructions(dockerfile('gateway'));
      const made = lines.findIndex((line) => line === `RUN mkdir -p ${dir} && chown node:node ${dir}`);
      expect(made).toBeGreaterThan(lines.map((l) => l.startsWith('FROM ')).lastIndexOf(true));
      expect(made).toBeLessThan(lines.indexOf('USER node'));
    });

    it("the registry image builds the studio with the studio's nx build command and ships it where STUDIO_DIR points", () => {
      const lines = instructions(dockerfile('registry'));
      const studio = JSON.parse(readFileSync(join(REPO_ROOT, 'apps/studio/project.json'), 'utf8')) as { targets: { build: { options: { command: string }; outputs: string[] } } };
      expect(lines).toEqual(expect.arrayContaining(['COPY tsconfig.base.json ./', 'COPY apps/studio ./apps/studio', `RUN npx ${studio.targets.build.options.command}`]));
      expect(studio.targets.build.outputs).toEqual(['{workspaceRoot}/dist/apps/studio']);
      const runtime = lines.slice(lines.map((l) => l.startsWith('FROM ')).lastIndexOf(true));
      expect(runtime).toContain('COPY --from=build /repo/dist/apps/studio ./dist/apps/studio');
      expect(readFileSync(join(REPO_ROOT, 'apps/registry/src/config/registry.config.ts'), 'utf8')).toContain("STUDIO_DIR = 'dist/apps/studio';");
    });

    it('.dockerignore keeps dependencies, build output, local state and secrets out of the build context', () => {
      const ignored = readFileSync(join(REPO_ROOT, '.dockerignore'), 'utf8').split('\n');
      expect(ignored).toEqual(expect.arrayContaining(['**/node_modules', 'dist', '.local', '.git', '.nx', 'coverage', 'infra/kafka/lib', '.env']));
    });
  });
});
