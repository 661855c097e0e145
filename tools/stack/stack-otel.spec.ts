import { otelVariables, serviceEnvironment, type StackSettings } from './stack';

/** `npm run up` hands the launcher's OTEL_* variables to every platform service (not the mock provider). */
describe('the stack passes OpenTelemetry variables through', () => {
  const settings = {
    host: '127.0.0.1',
    ports: { registry: 1, registryGrpc: 2, validator: 3, gateway: 4, mockProvider: 5, experimentWorker: 6, registryInternal: 7, validatorInternal: 8, gatewayInternal: 9, experimentWorkerInternal: 10 },
    databaseUrl: 'postgres://postgres@127.0.0.1:5432/x',
    databaseSchema: 'public',
    redisUrl: 'redis://127.0.0.1:6379',
    redisPrefix: 'p',
    kafkaBrokers: '127.0.0.1:9092',
    kafkaTopicPrefix: '',
    kafkaGroupPrefix: 'g-',
    adminToken: 'a',
    serviceTokens: { validator: 'v', gateway: 'g', experimentWorker: 'e' },
    encryptionKeys: 'k',
    mockProviderApiKey: 'm',
    outboundAllowlist: '',
    logLevel: 'info',
    nodeEnv: 'test',
    logDir: '/tmp',
  } satisfies StackSettings;

  it('keeps every OTEL_* variable but the service name (each service names itself)', () => {
    expect(otelVariables({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318', OTEL_TRACES_SAMPLER: 'parentbased_traceidratio', OTEL_SERVICE_NAME: 'x', PATH: '/bin' })).toEqual({
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318',
      OTEL_TRACES_SAMPLER: 'parentbased_traceidratio',
    });
  });

  it('gives them to the registry, validator, gateway and experiment worker; overrides still win', () => {
    const withOtel: StackSettings = { ...settings, otel: { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318' }, overrides: { gateway: { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://other:4318' } } };
    for (const service of ['registry', 'validator', 'experiment-worker'] as const) expect(serviceEnvironment(service, withOtel)['OTEL_EXPORTER_OTLP_ENDPOINT']).toBe('http://c:4318');
    expect(serviceEnvironment('gateway', withOtel)['OTEL_EXPORTER_OTLP_ENDPOINT']).toBe('http://other:4318');
    expect(serviceEnvironment('mock-provider', withOtel)).not.toHaveProperty('OTEL_EXPORTER_OTLP_ENDPOINT');
    expect(serviceEnvironment('registry', settings)).not.toHaveProperty('OTEL_EXPORTER_OTLP_ENDPOINT');
  });
});
