import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { postgresCluster } from '../../libs/testing/src/local-services';
import { newRunId } from '../../libs/testing/src/run-id';
import { ensureDatabase } from '../../libs/testing/src/run-resources';
import { freePort, freshStackBasics, migrate, SERVICES, type StackSettings, WORKSPACE_ROOT } from '../stack/stack';
import {
  createPostgresHome,
  initPostgres,
  type ReliabilityState,
  saveState,
  startKafka,
  startPostgres,
  startRedis,
  startService,
  STATE_ENV,
} from '../../tests/reliability/support/infra';
import teardown from './reliability.global-teardown';

/**
 * Reliability tier: its OWN PostgreSQL, Redis, Kafka broker and five services, on
 * free loopback ports under .local/reliability/<run>/, because its tests stop, kill
 * and restart them. PostgreSQL's cluster is the exception: it lives in a temporary
 * directory its user owns, outside the checkout (which that user may not be able to
 * enter, e.g. under a home directory of mode 0700). Nothing is shared with the other tiers or the machine's services.
 * Short timeouts (validator probes, gateway caches and upstream calls, the registry's
 * validation sweeper) make failure paths finish within a test's time.
 */
export default async function setup(): Promise<void> {
  const runId = process.env['MG_TEST_RUN_ID'] ?? newRunId();
  const dir = join(WORKSPACE_ROOT, '.local/reliability', runId);
  mkdirSync(dir, { recursive: true });
  const [pgPort, redisPort, kafkaPort, kafkaControllerPort] = [await freePort(), await freePort(), await freePort(), await freePort()];
  const adminUrl = `postgres://postgres@127.0.0.1:${pgPort}/postgres`;
  const settings: StackSettings = {
    host: '127.0.0.1',
    ...(await freshStackBasics('rel')),
    databaseUrl: `postgres://postgres@127.0.0.1:${pgPort}/model_garden`,
    databaseSchema: 'public',
    redisUrl: `redis://127.0.0.1:${redisPort}`,
    redisPrefix: `mg-rel-${runId}`,
    kafkaBrokers: `127.0.0.1:${kafkaPort}`,
    kafkaTopicPrefix: `rel-${runId}.`,
    kafkaGroupPrefix: `rel-${runId}-`,
    // Only the mock provider's address: 127.0.0.2, [::1], 0.0.0.0 and friends stay forbidden.
    outboundAllowlist: '127.0.0.1:*',
    logLevel: 'info',
    nodeEnv: 'test',
    logDir: join(dir, 'logs'),
    stateDir: join(dir, 'state'),
    overrides: {
      registry: {
        OUTBOX_POLL_INTERVAL_MS: '250',
        SHUTDOWN_TIMEOUT_SECONDS: '20',
        REGISTRY_VALIDATION_STUCK_AFTER_SECONDS: '30',
        REGISTRY_VALIDATION_SWEEP_INTERVAL_SECONDS: '2',
        REGISTRY_RATE_LIMIT_PER_MINUTE: '1000000',
        EXPERIMENT_STUCK_AFTER_SECONDS: '15',
        EXPERIMENT_SWEEP_INTERVAL_SECONDS: '2',
      },
      validator: {
        VALIDATOR_PROBE_TIMEOUT_MS: '3000',
        VALIDATOR_ATTEMPTS: '3',
        VALIDATOR_BACKOFF_MS: '200',
        VALIDATOR_BACKOFF_MAX_MS: '1000',
        VALIDATOR_LOCK_DURATION_MS: '4000',
        VALIDATOR_STALLED_INTERVAL_MS: '1000',
        VALIDATOR_HEALTH_INTERVAL_SECONDS: '0',
        VALIDATOR_CONNECT_TIMEOUT_MS: '1000',
        REGISTRY_TIMEOUT_MS: '2000',
        SHUTDOWN_TIMEOUT_SECONDS: '20',
      },
      gateway: {
        GATEWAY_AUTH_CACHE_TTL_SECONDS: '2',
        GATEWAY_MODEL_CACHE_TTL_SECONDS: '2',
        GATEWAY_NEGATIVE_CACHE_TTL_SECONDS: '1',
        GATEWAY_CACHE_STALE_IF_ERROR_SECONDS: '8',
        GATEWAY_REGISTRY_TIMEOUT_MS: '1000',
        GATEWAY_UPSTREAM_CONNECT_TIMEOUT_MS: '1000',
        GATEWAY_UPSTREAM_TIMEOUT_MS: '4000',
        GATEWAY_STREAM_IDLE_TIMEOUT_MS: '3000',
        GATEWAY_RETRY_BASE_DELAY_MS: '50',
        GATEWAY_RETRY_MAX_DELAY_MS: '3000',
        GATEWAY_USAGE_FLUSH_INTERVAL_MS: '100',
        GATEWAY_RATE_LIMIT_PER_MINUTE: '1000000',
        // The fuzzers send hundreds of bad keys from one address; the per-address limit has its own tests.
        GATEWAY_AUTH_FAILURES_PER_MINUTE: '0',
        // Every request in the access log: the shutdown test compares what the gateway handled with what clients got.
        GATEWAY_ACCESS_LOG: 'all',
        SHUTDOWN_TIMEOUT_SECONDS: '20',
      },
      'experiment-worker': {
        EXPERIMENT_LOCK_DURATION_MS: '4000',
        EXPERIMENT_STALLED_INTERVAL_MS: '1000',
        EXPERIMENT_BACKOFF_MS: '200',
        EXPERIMENT_BACKOFF_MAX_MS: '2000',
        EXPERIMENT_CALL_TIMEOUT_MS: '10000',
        EXPERIMENT_SLOT_RETRY_MS: '50',
        EXPERIMENT_CELL_ATTEMPTS: '20',
        REGISTRY_TIMEOUT_MS: '2000',
        SHUTDOWN_TIMEOUT_SECONDS: '20',
      },
    },
  };
  const pgHome = await createPostgresHome();
  const state: ReliabilityState = {
    runId,
    dir,
    postgres: { ...postgresCluster(pgHome, pgPort), adminUrl },
    redis: { port: redisPort, url: settings.redisUrl, logFile: join(dir, 'logs', 'redis.log') },
    kafka: { port: kafkaPort, controllerPort: kafkaControllerPort, localDir: dir, brokers: settings.kafkaBrokers },
    settings,
  };
  mkdirSync(settings.logDir, { recursive: true });
  const stateFile = saveState(state);
  process.env[STATE_ENV] = stateFile;
  const started = Date.now();
  try {
    await Promise.all([
      (async () => {
        await initPostgres(state);
        await startPostgres(state);
        await ensureDatabase(adminUrl, 'model_garden');
        await migrate(settings);
      })(),
      startRedis(state),
      startKafka(state),
    ]);
    await Promise.all([startService(state, 'mock-provider'), startService(state, 'registry')]);
    await Promise.all([startService(state, 'validator'), startService(state, 'gateway')]);
    await startService(state, 'experiment-worker');
  } catch (error) {
    await teardown().catch(() => undefined);
    throw error;
  }
  process.stdout.write(`\nreliability run ${runId}: own PostgreSQL, Redis, Kafka and ${SERVICES.join(', ')} up in ${Date.now() - started} ms (${dir})\n`);
}
