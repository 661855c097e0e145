import { ensureDatabase } from '@model-garden/testing';
import { ensureDemoData } from './demo-data';
import { LOCAL_DIR, localStackSettings, readEnvFile, STACK_ENV_FILE, STACK_PIDS, withEncryptionKeyHint, writeEnvFile } from './stack-env';
import { migrate, type ServiceName, serviceUrl, spawnService, waitUntilReady } from './stack';

/**
 * `npm run up` (after the infrastructure is up and the build is done): migrations,
 * the four services in the background, demo data, `.local/stack.env`. Running it
 * again while the stack is up changes nothing.
 */
async function main(): Promise<void> {
  const previous = readEnvFile(STACK_ENV_FILE);
  const settings = localStackSettings(previous);
  const adminUrl = process.env['DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';
  await ensureDatabase(adminUrl, new URL(settings.databaseUrl).pathname.slice(1));
  await migrate(settings).catch((error: unknown) => {
    throw new Error(withEncryptionKeyHint(error instanceof Error ? error.message : String(error), settings.databaseUrl));
  });
  say('migrations applied');

  const start = async (service: ServiceName): Promise<void> => {
    const pid = STACK_PIDS.running(service);
    if (pid) {
      await waitUntilReady(service, settings, 30_000);
      say(`${service} already running (pid ${pid}) at ${serviceUrl(service, settings)}`);
      return;
    }
    const child = spawnService(service, settings, { detached: true, pidFiles: STACK_PIDS });
    await waitUntilReady(service, settings, 60_000, child);
    say(`${service} started (pid ${child.pid}) at ${serviceUrl(service, settings)}, log ${LOCAL_DIR}/logs/${service}.log`);
  };
  await Promise.all([start('mock-provider'), start('registry')]);
  await Promise.all([start('validator'), start('gateway')]);
  await start('experiment-worker');

  const demo = await ensureDemoData(settings, { workspace: previous['DEMO_WORKSPACE'], apiKey: previous['DEMO_API_KEY'], model: previous['DEMO_MODEL'] });
  const env: Record<string, string> = {
    REGISTRY_URL: serviceUrl('registry', settings),
    GATEWAY_URL: serviceUrl('gateway', settings),
    VALIDATOR_URL: serviceUrl('validator', settings),
    EXPERIMENT_WORKER_URL: serviceUrl('experiment-worker', settings),
    MOCK_PROVIDER_URL: serviceUrl('mock-provider', settings),
    MOCK_PROVIDER_API_KEY: settings.mockProviderApiKey,
    ADMIN_TOKEN: settings.adminToken,
    VALIDATOR_SERVICE_TOKEN: settings.serviceTokens.validator,
    GATEWAY_SERVICE_TOKEN: settings.serviceTokens.gateway,
    EXPERIMENT_WORKER_SERVICE_TOKEN: settings.serviceTokens.experimentWorker,
    ENCRYPTION_KEYS: settings.encryptionKeys,
    DATABASE_URL: settings.databaseUrl,
    REDIS_URL: settings.redisUrl,
    KAFKA_BROKERS: settings.kafkaBrokers,
  };
  if ('skipped' in demo) {
    say(`demo data skipped: ${demo.skipped}`);
  } else {
    Object.assign(env, { DEMO_WORKSPACE: demo.workspace, DEMO_API_KEY: demo.apiKey, DEMO_MODEL: demo.model });
  }
  writeEnvFile(STACK_ENV_FILE, env);
  say(`wrote ${STACK_ENV_FILE}`);
  if (!('skipped' in demo)) printExamples(env);
}

function printExamples(env: Record<string, string>): void {
  const body = JSON.stringify({ model: env['DEMO_MODEL'], messages: [{ role: 'user', content: 'Hello from Model Garden' }] });
  process.stdout.write(`
Model Garden is up. Registry ${env['REGISTRY_URL']} (Swagger UI at /docs), gateway ${env['GATEWAY_URL']}.
Studio: ${env['REGISTRY_URL']}/studio/ (sign in with DEMO_API_KEY from ${STACK_ENV_FILE}).

Call the demo model through the gateway:

  set -a; . ${STACK_ENV_FILE}; set +a
  curl -s "$GATEWAY_URL/v1/chat/completions" \\
    -H "Authorization: Bearer $DEMO_API_KEY" -H 'content-type: application/json' \\
    -d '${body}'

Or with the official openai SDK (npm i openai), same variables:

  import OpenAI from 'openai';
  const client = new OpenAI({ baseURL: process.env.GATEWAY_URL + '/v1', apiKey: process.env.DEMO_API_KEY });
  const reply = await client.chat.completions.create({ model: process.env.DEMO_MODEL, messages: [{ role: 'user', content: 'Hello' }] });
  console.log(reply.choices[0].message.content);

`);
}

function say(message: string): void {
  process.stdout.write(`[up] ${message}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`[up] failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
