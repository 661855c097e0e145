import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type ChildProcess } from 'node:child_process';
import { provideInfrastructure } from '../../libs/testing/src/infrastructure';
import { newRunId, runNames } from '../../libs/testing/src/run-id';
import { createRunDatabase } from '../../libs/testing/src/run-resources';
import { createTestCertificates, type TestCertificates } from '../../libs/testing/src/test-certificates';
import { freshStackBasics, internalUrl, migrate, type ServiceName, SERVICES, serviceLaunch, spawnService, type StackSettings, serviceUrl, waitUntilReady } from '../stack/stack';


export interface E2eState {
  settings: StackSettings;
  children: Partial<Record<ServiceName, ChildProcess>>;
  stopInfra: () => Promise<void>;
  names: ReturnType<typeof runNames>;
  adminDatabaseUrl: string;
  certificates: TestCertificates;
}

/**
 * End-to-end tier: the real processes (built output) on free ports, with this
 * run's own database, Redis prefix, topic prefix and group ids. Tests reach them
 * through the E2E_* variables and read their logs under E2E_LOG_DIR.
 */
export default async function setup(): Promise<void> {
  const infra = await provideInfrastructure();
  const names = runNames('e2e', process.env['MG_TEST_RUN_ID'] ?? newRunId());
  const databaseUrl = await createRunDatabase(infra.adminDatabaseUrl, names);
  // Made now with openssl (nothing committed): the mock provider's https side and the CA the validator trusts.
  const certificates = createTestCertificates();
  const settings: StackSettings = {
    host: '127.0.0.1',
    ...(await freshStackBasics('e2e')),
    databaseUrl,
    databaseSchema: 'public',
    redisUrl: infra.redisUrl,
    redisPrefix: names.redisPrefix,
    kafkaBrokers: infra.kafkaBrokers.join(','),
    kafkaTopicPrefix: names.kafkaTopicPrefix,
    kafkaGroupPrefix: names.kafkaGroupPrefix,
    outboundAllowlist: '127.0.0.1:*,localhost:*',
    logLevel: 'info',
    nodeEnv: 'test',
    logDir: join(__dirname, '../../.local/test-logs', names.runId),
    // Short probe timeouts and backoff so failure paths (hangs, flaky upstreams) finish within a test's time.
    // The mock provider's port also answers https with a certificate for the name `localhost` only, whose test CA the
    // validator trusts: https://localhost:<port> works, https://127.0.0.1:<port> is a certificate error.
    overrides: {
      'mock-provider': { MOCK_PROVIDER_TLS_CERT_FILE: certificates.localhostOnly.cert, MOCK_PROVIDER_TLS_KEY_FILE: certificates.localhostOnly.key },
      validator: {
        VALIDATOR_PROBE_TIMEOUT_MS: '3000',
        VALIDATOR_ATTEMPTS: '3',
        VALIDATOR_BACKOFF_MS: '200',
        VALIDATOR_BACKOFF_MAX_MS: '1000',
        NODE_EXTRA_CA_CERTS: certificates.ca.cert,
      },
      'experiment-worker': { EXPERIMENT_CALL_TIMEOUT_MS: '10000', EXPERIMENT_BACKOFF_MS: '200', EXPERIMENT_BACKOFF_MAX_MS: '2000', EXPERIMENT_SLOT_RETRY_MS: '50' },
    },
  };
  await migrate(settings);
  const children: E2eState['children'] = {};
  const start = async (service: ServiceName): Promise<void> => {
    children[service] = spawnService(service, settings, { detached: false });
    await waitUntilReady(service, settings, 60_000, children[service]);
  };
  try {
    await Promise.all([start('mock-provider'), start('registry')]);
    await Promise.all([start('validator'), start('gateway')]);
    await start('experiment-worker');
  } catch (error) {
    for (const child of Object.values(children)) child?.kill('SIGKILL');
    certificates.remove();
    throw error;
  }
  // Specs that start one more gateway of this stack (budgets across processes) read how it is launched here.
  mkdirSync(settings.logDir, { recursive: true });
  const gatewayLaunchFile = join(settings.logDir, 'gateway-launch.json');
  writeFileSync(gatewayLaunchFile, JSON.stringify(serviceLaunch('gateway', settings)), { mode: 0o600 });
  const state: E2eState = { settings, children, stopInfra: () => infra.stop(), names, adminDatabaseUrl: infra.adminDatabaseUrl, certificates };
  (globalThis as Record<string, unknown>)['__MG_E2E__'] = state;
  Object.assign(process.env, {
    MG_TEST_RUN_ID: names.runId,
    E2E_REGISTRY_URL: serviceUrl('registry', settings),
    E2E_GATEWAY_URL: serviceUrl('gateway', settings),
    E2E_VALIDATOR_URL: serviceUrl('validator', settings),
    E2E_EXPERIMENT_WORKER_URL: serviceUrl('experiment-worker', settings),
    E2E_MOCK_PROVIDER_URL: serviceUrl('mock-provider', settings),
    E2E_REGISTRY_INTERNAL_URL: internalUrl('registry', settings),
    E2E_GATEWAY_INTERNAL_URL: internalUrl('gateway', settings),
    E2E_VALIDATOR_INTERNAL_URL: internalUrl('validator', settings),
    E2E_EXPERIMENT_WORKER_INTERNAL_URL: internalUrl('experiment-worker', settings),
    E2E_MOCK_PROVIDER_API_KEY: settings.mockProviderApiKey,
    E2E_ADMIN_TOKEN: settings.adminToken,
    E2E_LOG_DIR: settings.logDir,
    E2E_KAFKA_BROKERS: settings.kafkaBrokers,
    E2E_KAFKA_TOPIC_PREFIX: settings.kafkaTopicPrefix,
    E2E_REDIS_URL: settings.redisUrl,
    E2E_REDIS_PREFIX: settings.redisPrefix,
    E2E_DATABASE_URL: settings.databaseUrl,
    E2E_GATEWAY_LAUNCH_FILE: gatewayLaunchFile,
  });
  process.stdout.write(`\ne2e run ${names.runId}: ${SERVICES.join(', ')} up, logs in ${settings.logDir}\n`);
}
