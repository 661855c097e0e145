import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/** Where the services a test run needs are: testcontainers' or the already-running ones. */
export interface Infrastructure {
  /** A URL to a database with rights to create and drop databases. */
  adminDatabaseUrl: string;
  redisUrl: string;
  kafkaBrokers: string[];
  source: 'testcontainers' | 'environment';
  stop(): Promise<void>;
}

const DEFAULTS = {
  DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/test',
  REDIS_URL: 'redis://127.0.0.1:6379',
  KAFKA_BROKERS: '127.0.0.1:9092',
};

/** True when a Docker engine answers (not just a docker client on the PATH). */
export function dockerEngineReachable(): boolean {
  if (process.env['MG_TESTCONTAINERS'] === 'off') return false;
  if (!process.env['DOCKER_HOST'] && !existsSync('/var/run/docker.sock')) return false;
  try {
    execFileSync('docker', ['info', '--format', '{{.ServerVersion}}'], { stdio: 'ignore', timeout: 5_000 });
    return true;
  } catch {
    return false;
  }
}

export async function provideInfrastructure(): Promise<Infrastructure> {
  if (dockerEngineReachable() && process.env['MG_TESTCONTAINERS'] !== 'off') return startContainers();
  return {
    // MG_ADMIN_DATABASE_URL: set by a tier's setup once it has pointed DATABASE_URL at its own run database.
    adminDatabaseUrl: process.env['MG_ADMIN_DATABASE_URL'] ?? process.env['DATABASE_URL'] ?? DEFAULTS.DATABASE_URL,
    redisUrl: process.env['REDIS_URL'] ?? DEFAULTS.REDIS_URL,
    kafkaBrokers: (process.env['KAFKA_BROKERS'] ?? DEFAULTS.KAFKA_BROKERS).split(',').map((b) => b.trim()),
    source: 'environment',
    stop: async () => undefined,
  };
}

async function startContainers(): Promise<Infrastructure> {
  const { GenericContainer, Wait } = await import('testcontainers');
  const { createServer } = await import('node:net');
  const kafkaPort = await new Promise<number>((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
  const [postgres, redis, kafka] = await Promise.all([
    new GenericContainer('postgres:16-alpine')
      .withEnvironment({ POSTGRES_HOST_AUTH_METHOD: 'trust', POSTGRES_DB: 'test' })
      .withExposedPorts(5432)
      .withWaitStrategy(Wait.forLogMessage(/database system is ready to accept connections/, 2))
      .start(),
    new GenericContainer('redis:7-alpine').withExposedPorts(6379).withWaitStrategy(Wait.forLogMessage(/Ready to accept connections/)).start(),
    new GenericContainer('apache/kafka:3.9.1')
      .withEnvironment({
        KAFKA_NODE_ID: '1',
        KAFKA_PROCESS_ROLES: 'broker,controller',
        KAFKA_LISTENERS: 'PLAINTEXT://:9092,CONTROLLER://:9093',
        KAFKA_ADVERTISED_LISTENERS: `PLAINTEXT://127.0.0.1:${kafkaPort}`,
        KAFKA_CONTROLLER_LISTENER_NAMES: 'CONTROLLER',
        KAFKA_LISTENER_SECURITY_PROTOCOL_MAP: 'CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT',
        KAFKA_CONTROLLER_QUORUM_VOTERS: '1@localhost:9093',
        KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR: '1',
        KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR: '1',
        KAFKA_TRANSACTION_STATE_LOG_MIN_ISR: '1',
        KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS: '0',
      })
      .withExposedPorts({ container: 9092, host: kafkaPort })
      .withWaitStrategy(Wait.forLogMessage(/Kafka Server started/))
      .start(),
  ]);
  return {
    adminDatabaseUrl: `postgres://postgres@${postgres.getHost()}:${postgres.getMappedPort(5432)}/test`,
    redisUrl: `redis://${redis.getHost()}:${redis.getMappedPort(6379)}`,
    kafkaBrokers: [`127.0.0.1:${kafkaPort}`],
    source: 'testcontainers',
    stop: async () => {
      await Promise.all([postgres.stop(), redis.stop(), kafka.stop()]);
    },
  };
}
