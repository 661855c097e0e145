import {
  appServiceProblems,
  type EnvContract,
  environmentProblems,
  loadComposeProject,
  readEnvExample,
  sampleSecrets,
  serviceEnvironment,
  variablesRead,
} from '@model-garden/testing';
import { loadConfig } from './config';

// The mock provider has no config class: main.ts hands process.env to loadConfig(),
// so the variables it reads are the ones loadConfig() looks at.
const variables = variablesRead(loadConfig, [{}, { NODE_ENV: 'production', MOCK_PROVIDER_API_KEY: 'key' }]);

// In the container NODE_ENV is production, where the API key has no default.
const contract: EnvContract = {
  variables: variables.map((name) => ({ name, required: name === 'MOCK_PROVIDER_API_KEY' })),
  validate: (env) => {
    loadConfig(env);
  },
};

describe('docker-compose.yml: mock-provider', () => {
  const project = loadComposeProject(sampleSecrets());
  const env = serviceEnvironment(project.services['mock-provider']!, 'mock-provider');

  it('reads these variables (update this list and docker-compose.yml together)', () => {
    expect(variables).toEqual(['MOCK_PROVIDER_API_KEY', 'MOCK_PROVIDER_HOST', 'MOCK_PROVIDER_LATENCY_MS', 'MOCK_PROVIDER_PORT', 'MOCK_PROVIDER_TLS_CERT_FILE', 'MOCK_PROVIDER_TLS_KEY_FILE', 'NODE_ENV']);
  });

  it('sets every required variable, none the mock provider does not read, and values it accepts', () => {
    expect(env['NODE_ENV']).toBe('production');
    expect(environmentProblems(env, contract)).toEqual([]);
  });

  it('accepts the optional values documented in .env.example', () => {
    const documented = loadComposeProject({ ...readEnvExample().optional, ...sampleSecrets() });
    expect(environmentProblems(serviceEnvironment(documented.services['mock-provider']!), contract)).toEqual([]);
  });

  it('without .env, stops at start naming MOCK_PROVIDER_API_KEY', () => {
    expect(() => contract.validate(serviceEnvironment(loadComposeProject({}).services['mock-provider']!))).toThrow(/MOCK_PROVIDER_API_KEY/);
  });

  it('needs no other service, and has a healthcheck on /health', () => {
    expect(
      appServiceProblems(project, 'mock-provider', {
        hostVariable: 'MOCK_PROVIDER_HOST',
        portVariable: 'MOCK_PROVIDER_PORT',
        healthPath: '/health',
        dockerfile: 'apps/mock-provider/Dockerfile',
        dependsOn: {},
      }),
    ).toEqual([]);
  });
});
