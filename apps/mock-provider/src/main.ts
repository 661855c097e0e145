import { ConfigError, loadConfig, type MockProviderConfig } from './config';
import { createMockProvider } from './server';

/** One JSON line on stdout or stderr: the process's only output. */
function line(stream: NodeJS.WriteStream, record: object): void {
  stream.write(`${JSON.stringify(record)}\n`);
}

function readConfig(): MockProviderConfig {
  try {
    return loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      line(process.stderr, { msg: 'mock-provider: invalid configuration', variable: error.variable, error: error.message });
      process.exit(1);
    }
    throw error;
  }
}

async function main(): Promise<void> {
  const config = readConfig();
  const provider = await createMockProvider({ host: config.host, port: config.port, apiKey: config.apiKey, latencyMs: config.latencyMs, ...(config.tls ? { tls: config.tls } : {}) });
  line(process.stdout, { msg: 'mock-provider listening', url: provider.url, https: config.tls !== undefined });

  let stopping = false;
  const stop = (): void => {
    if (stopping) process.exit(1); // a second signal: stop waiting for in-flight responses
    stopping = true;
    provider.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((error: unknown) => {
  line(process.stderr, { msg: 'mock-provider failed to start', error: error instanceof Error ? error.message : String(error) });
  process.exit(1);
});
