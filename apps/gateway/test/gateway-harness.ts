import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { createLogger, loadConfig } from '@model-garden/platform';
import { type MockProviderProcess, RegistryGrpcDouble, startMockProviderProcess } from '@model-garden/testing';
import { type NestFastifyApplication } from '@nestjs/platform-fastify';
import { GatewayConfig } from '../src/config/gateway.config';
import { createGatewayApp } from '../src/gateway-app';

export const SERVICE_TOKEN = 'gateway-test-service-token';

/** Every log line the gateway wrote, to prove no secret or prompt reaches the logs. */
export class LogCapture extends Writable {
  readonly lines: string[] = [];

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: () => void): void {
    this.lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    callback();
  }

  text(): string {
    return this.lines.join('\n');
  }
}

export interface GatewayHarness {
  app: NestFastifyApplication;
  url: string;
  config: GatewayConfig;
  logs: LogCapture;
}

/**
 * Starts the gateway in this process on a free port, against the given registry
 * double, with this test run's Kafka topic prefix and group prefix from the
 * integration tier's environment.
 */
export async function startGateway(registry: RegistryGrpcDouble, overrides: Record<string, string> = {}): Promise<GatewayHarness> {
  const env: NodeJS.ProcessEnv = {
    NODE_ENV: 'test',
    LOG_LEVEL: 'info',
    GATEWAY_HOST: '127.0.0.1',
    GATEWAY_PORT: '0',
    // A free internal port too: a stack on the default ports (npm run up) may hold 9302.
    GATEWAY_INTERNAL_PORT: '0',
    REGISTRY_GRPC_URL: registry.url,
    GATEWAY_SERVICE_TOKEN: SERVICE_TOKEN,
    REDIS_URL: process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379',
    // One prefix per spec file: counters every gateway shares through Redis (failed authentications per address,
    // rate limits, budgets) must not carry over from another file of the run. Gateways of one file share it.
    REDIS_PREFIX: `${process.env['REDIS_PREFIX'] ?? 'mg-gateway-test'}-${specFileTag()}`,
    KAFKA_BROKERS: process.env['KAFKA_BROKERS'] ?? '127.0.0.1:9092',
    KAFKA_TOPIC_PREFIX: process.env['KAFKA_TOPIC_PREFIX'] ?? 'gateway-test.',
    KAFKA_TOPIC_PARTITIONS: '1',
    KAFKA_GROUP_ID: `${process.env['KAFKA_GROUP_PREFIX'] ?? 'gateway-test-'}gateway`,
    OUTBOUND_ALLOWLIST: '127.0.0.1:*',
    SHUTDOWN_TIMEOUT_SECONDS: '10',
    GATEWAY_RETRY_BASE_DELAY_MS: '20',
    GATEWAY_ACCESS_LOG: 'all',
    // Each gateway of the run its own usage journal (a second one on a directory is refused).
    GATEWAY_USAGE_JOURNAL_DIR: mkdtempSync(join(tmpdir(), 'mg-gateway-usage-')),
    ...overrides,
  };
  const config = loadConfig(GatewayConfig, env);
  const logs = new LogCapture();
  const logger = createLogger({ service: 'gateway', level: config.LOG_LEVEL, destination: logs });
  const app = await createGatewayApp(config, logger);
  const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  return { app, url, config, logs };
}

/** The running spec file's name, as a Redis key part. */
function specFileTag(): string {
  const path = expect.getState().testPath ?? 'unknown';
  return (path.split('/').pop() ?? path).replace(/\.(integration-spec|spec)\.ts$/, '').replace(/[^A-Za-z0-9._-]/g, '-');
}

export async function startMockProvider(): Promise<MockProviderProcess> {
  return startMockProviderProcess({ apiKey: 'mock-provider-secret-key-0123456789' });
}

/** Creates (or replaces) a mock provider scenario model. */
export async function mockScenario(provider: MockProviderProcess, scenario: Record<string, unknown>): Promise<void> {
  const response = await fetch(`${provider.url}/__mock/scenarios`, {
    method: 'POST',
    headers: { authorization: `Bearer ${provider.apiKey}`, 'content-type': 'application/json' },
    body: JSON.stringify(scenario),
  });
  if (response.status !== 201) throw new Error(`scenario ${String(scenario['id'])}: ${response.status} ${await response.text()}`);
}

export async function scenarioCounters(provider: MockProviderProcess, id: string): Promise<{ calls: number; aborted: number; faults: number }> {
  const response = await fetch(`${provider.url}/__mock/scenarios/${encodeURIComponent(id)}`, { headers: { authorization: `Bearer ${provider.apiKey}` } });
  return (await response.json()) as { calls: number; aborted: number; faults: number };
}

// The shared helper, where this app's tests have always found it.
export { eventually } from '@model-garden/testing';
