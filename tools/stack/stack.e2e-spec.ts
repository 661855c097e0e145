import { spawnSync } from 'node:child_process';
import { entryPoint } from './stack';

/**
 * The foundation end to end: the real processes started by the e2e setup
 * answer health, readiness and metrics, tag every response with a request id,
 * and a service with a bad configuration refuses to start, naming the variable.
 */
const services = {
  registry: process.env['E2E_REGISTRY_URL']!,
  validator: process.env['E2E_VALIDATOR_URL']!,
  gateway: process.env['E2E_GATEWAY_URL']!,
  'experiment-worker': process.env['E2E_EXPERIMENT_WORKER_URL']!,
};
const internal: Record<string, string> = {
  registry: process.env['E2E_REGISTRY_INTERNAL_URL']!,
  validator: process.env['E2E_VALIDATOR_INTERNAL_URL']!,
  gateway: process.env['E2E_GATEWAY_INTERNAL_URL']!,
  'experiment-worker': process.env['E2E_EXPERIMENT_WORKER_INTERNAL_URL']!,
};

describe('the running stack', () => {
  it.each(Object.entries(services))('%s is live and ready; the public port says only that, the internal one names its dependencies', async (name, url) => {
    const live = await fetch(`${url}/health/live`);
    expect(live.status).toBe(200);
    const ready = await fetch(`${url}/health/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ok' });
    const detailed = await fetch(`${internal[name]}/health/ready`);
    const report = (await detailed.json()) as { status: string; checks: Record<string, { status: string }> };
    expect(detailed.status).toBe(200);
    expect(report.status).toBe('ok');
    expect(Object.values(report.checks).every((c) => c.status === 'up')).toBe(true);
    expect(Object.keys(report.checks)).toContain('kafka');
  });

  it.each(Object.entries(services))('%s serves Prometheus metrics on its internal port only', async (name, url) => {
    expect((await fetch(`${url}/metrics`)).status).toBe(404);
    const response = await fetch(`${internal[name]}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/plain');
    const body = await response.text();
    expect(body).toContain('model_garden_process_cpu_user_seconds_total');
    expect(body).toContain('model_garden_http_requests_total');
  });

  it('echoes a well-formed x-request-id and makes one otherwise', async () => {
    const echoed = await fetch(`${services.registry}/health/live`, { headers: { 'x-request-id': 'trace-abc-123' } });
    expect(echoed.headers.get('x-request-id')).toBe('trace-abc-123');
    const made = await fetch(`${services.gateway}/health/live`, { headers: { 'x-request-id': 'bad id with spaces' } });
    expect(made.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('the mock provider refuses a call without its key, in OpenAI error shape', async () => {
    const response = await fetch(`${process.env['E2E_MOCK_PROVIDER_URL']}/v1/models`);
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ error: { code: 'invalid_api_key', type: 'invalid_request_error' } });
  });

  it.each([
    ['registry', 'GATEWAY_SERVICE_TOKEN'],
    ['validator', 'VALIDATOR_SERVICE_TOKEN'],
    ['gateway', 'GATEWAY_SERVICE_TOKEN'],
    ['experiment-worker', 'EXPERIMENT_WORKER_SERVICE_TOKEN'],
  ] as const)('%s stops at boot on a bad configuration and names the variable', (service, token) => {
    const result = spawnSync(process.execPath, [entryPoint(service)], {
      env: { PATH: process.env['PATH'] ?? '', KAFKA_BROKERS: 'not a broker list', [token]: 'tiny-secret' },
      encoding: 'utf8',
      timeout: 15_000,
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('KAFKA_BROKERS');
    expect(result.stderr).toContain(`${token} (value hidden)`);
    expect(result.stderr).not.toContain('tiny-secret');
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});
