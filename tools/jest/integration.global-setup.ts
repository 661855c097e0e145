import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { provideInfrastructure } from '../../libs/testing/src/infrastructure';
import { newRunId, runNames } from '../../libs/testing/src/run-id';
import { createRunDatabase } from '../../libs/testing/src/run-resources';

/**
 * Integration tier: real PostgreSQL, Redis and Kafka (testcontainers where a Docker
 * engine exists, the running services otherwise). This run gets its own database,
 * Redis prefix, topic prefix and group ids, passed to the test workers through the
 * environment.
 */
export default async function setup(): Promise<void> {
  const infra = await provideInfrastructure();
  const names = runNames('it', process.env['MG_TEST_RUN_ID'] ?? newRunId());
  const databaseUrl = await createRunDatabase(infra.adminDatabaseUrl, names);
  Object.assign(process.env, {
    MG_TEST_RUN_ID: names.runId,
    MG_ADMIN_DATABASE_URL: infra.adminDatabaseUrl,
    DATABASE_URL: databaseUrl,
    REDIS_URL: infra.redisUrl,
    REDIS_PREFIX: names.redisPrefix,
    KAFKA_BROKERS: infra.kafkaBrokers.join(','),
    KAFKA_TOPIC_PREFIX: names.kafkaTopicPrefix,
    KAFKA_GROUP_PREFIX: names.kafkaGroupPrefix,
  });
  const stateDir = join(__dirname, '../../.local/test-state');
  mkdirSync(stateDir, { recursive: true });
  writeFileSync(join(stateDir, `integration-${process.pid}.json`), JSON.stringify({ names, infra: { ...infra, stop: undefined } }));
  (globalThis as Record<string, unknown>)['__MG_INFRA__'] = infra;
  process.stdout.write(`\nintegration run ${names.runId}: database ${names.database}, services from ${infra.source}\n`);
}
