import { readFileSync } from 'node:fs';

/** The mock provider's settings, read from the environment and checked at start. */
export interface MockProviderConfig {
  host: string;
  port: number;
  apiKey: string;
  /** True when no key was given and the development default is in use. */
  apiKeyIsDefault: boolean;
  latencyMs: number;
  /** PEM certificate and key: the port answers https as well as http. */
  tls?: { cert: string; key: string };
}

export const DEFAULT_API_KEY = 'mock-provider-key';

/** A bad or missing variable; the message names it. */
export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(`${variable}: ${message}`);
    this.name = 'ConfigError';
  }
}

/**
 * - `MOCK_PROVIDER_HOST`: interface to listen on (default 127.0.0.1).
 * - `MOCK_PROVIDER_PORT`: 0-65535 (default 3003).
 * - `MOCK_PROVIDER_API_KEY` (secret): the Bearer key clients must send. Required when
 *   `NODE_ENV` is `production`; elsewhere it defaults to `mock-provider-key`.
 * - `MOCK_PROVIDER_LATENCY_MS`: milliseconds added to every `/v1` response (default 0).
 * - `MOCK_PROVIDER_TLS_CERT_FILE`, `MOCK_PROVIDER_TLS_KEY_FILE`: PEM files (both or neither);
 *   when set, the same port answers https too (for tests of TLS errors and of `http`
 *   base URLs whose host also answers https).
 */
export function loadConfig(env: NodeJS.ProcessEnv, readFile: (path: string) => string = (path) => readFileSync(path, 'utf8')): MockProviderConfig {
  const host = present(env.MOCK_PROVIDER_HOST) ?? '127.0.0.1';
  if (/\s/.test(host)) throw new ConfigError('MOCK_PROVIDER_HOST', 'must be a host name or IP address without spaces');
  const port = integer(env, 'MOCK_PROVIDER_PORT', 3003, 0, 65_535);
  const latencyMs = integer(env, 'MOCK_PROVIDER_LATENCY_MS', 0, 0, 600_000);
  const givenKey = present(env.MOCK_PROVIDER_API_KEY);
  if (givenKey === undefined && env.NODE_ENV === 'production') {
    throw new ConfigError('MOCK_PROVIDER_API_KEY', 'is required when NODE_ENV is production');
  }
  const apiKey = givenKey ?? DEFAULT_API_KEY;
  if (/\s/.test(apiKey)) throw new ConfigError('MOCK_PROVIDER_API_KEY', 'must not contain whitespace');
  const certFile = present(env.MOCK_PROVIDER_TLS_CERT_FILE);
  const keyFile = present(env.MOCK_PROVIDER_TLS_KEY_FILE);
  if ((certFile === undefined) !== (keyFile === undefined)) {
    const missing = certFile === undefined ? 'MOCK_PROVIDER_TLS_CERT_FILE' : 'MOCK_PROVIDER_TLS_KEY_FILE';
    throw new ConfigError(missing, 'must be set together with the other MOCK_PROVIDER_TLS_* variable');
  }
  const config: MockProviderConfig = { host, port, apiKey, apiKeyIsDefault: givenKey === undefined, latencyMs };
  if (certFile !== undefined && keyFile !== undefined) config.tls = { cert: readPem(readFile, 'MOCK_PROVIDER_TLS_CERT_FILE', certFile), key: readPem(readFile, 'MOCK_PROVIDER_TLS_KEY_FILE', keyFile) };
  return config;
}

function readPem(readFile: (path: string) => string, variable: string, path: string): string {
  let text: string;
  try {
    text = readFile(path);
  } catch (error) {
    throw new ConfigError(variable, `cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  if (!text.includes('-----BEGIN ')) throw new ConfigError(variable, 'is not a PEM file');
  return text;
}

function present(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed === undefined || trimmed.length === 0 ? undefined : trimmed;
}

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = present(env[name]);
  if (raw === undefined) return fallback;
  const value = /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
  if (!(value >= min && value <= max)) throw new ConfigError(name, `must be an integer from ${min} to ${max}, got '${raw}'`);
  return value;
}
