import { Kafka, logLevel } from 'kafkajs';
import Redis from 'ioredis';
import { Client } from 'pg';
// eslint-disable-next-line @nx/enforce-module-boundaries -- one file of libs/platform that imports only kafkajs
import { fixKafkaRequestQueuePolling } from '../../platform/src/kafka/request-queue-fix';
import { type RunNames } from './run-id';

/** A database URL with another database name (same server, user and options). */
export function databaseUrlFor(adminUrl: string, database: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

/** Creates a database on the server of `adminUrl` (unless it exists) and returns its URL. */
export async function ensureDatabase(adminUrl: string, database: string): Promise<string> {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(database)) throw new Error(`"${database}" is not a safe database name`);
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (exists.rowCount === 0) await client.query(`CREATE DATABASE "${database}"`);
  } finally {
    await client.end();
  }
  return databaseUrlFor(adminUrl, database);
}

export async function createRunDatabase(adminUrl: string, names: RunNames): Promise<string> {
  return ensureDatabase(adminUrl, names.database);
}

/**
 * Removes what a run left behind: its database, its Redis keys and its Kafka
 * topics. Best effort: a failure here is reported, never hides a test result.
 */
export async function dropRunResources(infra: { adminDatabaseUrl: string; redisUrl: string; kafkaBrokers: string[] }, names: RunNames): Promise<string[]> {
  const problems: string[] = [];
  const client = new Client({ connectionString: infra.adminDatabaseUrl });
  try {
    await client.connect();
    await client.query(`DROP DATABASE IF EXISTS "${names.database}" WITH (FORCE)`);
  } catch (error) {
    problems.push(`database ${names.database}: ${(error as Error).message}`);
  } finally {
    await client.end().catch(() => undefined);
  }
  const redis = new Redis(infra.redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${names.redisPrefix}*`, 'COUNT', 500);
      cursor = next;
      if (keys.length) await redis.unlink(...keys);
    } while (cursor !== '0');
  } catch (error) {
    problems.push(`redis ${names.redisPrefix}*: ${(error as Error).message}`);
  } finally {
    redis.disconnect();
  }
  fixKafkaRequestQueuePolling();
  const admin = new Kafka({ clientId: 'test-cleanup', brokers: infra.kafkaBrokers, logLevel: logLevel.NOTHING }).admin();
  try {
    await admin.connect();
    const topics = (await admin.listTopics()).filter((t) => t.startsWith(names.kafkaTopicPrefix));
    if (topics.length) await admin.deleteTopics({ topics, timeout: 10_000 });
    const groups = (await admin.listGroups()).groups.map((g) => g.groupId).filter((g) => g.startsWith(names.kafkaGroupPrefix));
    if (groups.length) await admin.deleteGroups(groups).catch(() => undefined);
  } catch (error) {
    problems.push(`kafka ${names.kafkaTopicPrefix}*: ${(error as Error).message}`);
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
  return problems;
}
