import { bearer, closeHttp, http } from './support/http';
import { startService, stopService } from './support/infra';
import {
  chat,
  chatModelBody,
  createActiveModel,
  createModel,
  createWorkspace,
  defineScenario,
  getModel,
  isOpenAiError,
  listPrivateModels,
  MOCK,
  recordFigure,
  REGISTRY,
  scenarioStats,
  settings,
  state,
  waitFor,
} from './support/stack-client';

afterAll(closeHttp);

const port = settings.ports.mockProvider;

/**
 * Loopback addresses outside the allowlist (which names 127.0.0.1 only), in odd
 * spellings. All of them are loopback: if the guard ever let one through, the traffic
 * would still stay on this machine.
 */
const FORBIDDEN = [
  `http://127.0.0.2:${port}/v1`,
  `http://127.2:${port}/v1`,
  `http://2130706434:${port}/v1`,
  `http://0x7f000002:${port}/v1`,
  `http://0177.0.0.2:${port}/v1`,
  `http://0x7f.0.0.2:${port}/v1`,
  `http://127.0.0.2.:${port}/v1`,
  `http://[::1]:${port}/v1`,
  `http://[0:0:0:0:0:0:0:1]:${port}/v1`,
  `http://[::ffff:127.0.0.2]:${port}/v1`,
  `http://[::ffff:7f00:2]:${port}/v1`,
  `http://0.0.0.0:${port}/v1`,
  `http://0:${port}/v1`,
  `http://0x0:${port}/v1`,
  `http://[::]:${port}/v1`,
  `http://user:secret@127.0.0.1:${port}/v1`,
  `http://127.0.0.1:${port}@127.0.0.2:${port}/v1`,
  `ftp://127.0.0.1:${port}/v1`,
  `file:///etc/passwd`,
];

/**
 * DESIGN "Outbound guard on every upstream call (registry input check, validator,
 * gateway) ... check the address actually connected to, so DNS rebinding cannot pass."
 * The address classifier and the connect-time agent have their own unit and loopback
 * integration suites (libs/platform/src/outbound); this file proves the services use
 * them: the registry refuses forbidden base URLs on input, and the validator and the
 * gateway refuse at connect time a URL that passed the registry's check (as after a
 * DNS change), without sending it a byte.
 */
describe('outbound guard in the services', () => {
  it('the registry refuses loopback addresses outside the allowlist, in every spelling, on create and update', async () => {
    const ws = await createWorkspace('ssrf');
    const scenario = `rel-ssrf-${ws.slug}`;
    await defineScenario({ id: scenario, base: 'mock-chat' });
    const model = await createActiveModel(ws, chatModelBody({ modelId: scenario, key: 'target' }));
    const calls = (await scenarioStats(scenario)).calls;
    for (const [i, baseUrl] of FORBIDDEN.entries()) {
      const created = await createModel(ws, chatModelBody({ modelId: scenario, key: `ssrf-${i}`, baseUrl }));
      const label = `${baseUrl} -> ${created.status} ${created.text.slice(0, 200)}`;
      expect({ label, status: created.status }).toEqual({ label, status: 400 });
      expect((created.json as { error: { details: Array<{ field: string }> } }).error.details.map((d) => d.field)).toEqual(['baseUrl']);
      expect(created.text).not.toContain('secret');
      const patched = await http(`${REGISTRY}/v1/models/${model.id}`, { method: 'PATCH', body: { baseUrl }, headers: bearer(ws.key) });
      expect({ baseUrl, status: patched.status }).toEqual({ baseUrl, status: 400 });
    }
    expect((await listPrivateModels(ws)).map((m) => m.key)).toEqual(['target']);
    expect(await getModel(ws, model.id)).toMatchObject({ baseUrl: `${MOCK}/v1`, revision: 1, status: 'active' });
    expect((await scenarioStats(scenario)).calls).toBe(calls);
    recordFigure('outbound.refused-spellings', FORBIDDEN.length * 2);
  });

  it("the platform's own ports are never base URLs, though the allowlist opens 127.0.0.1 on every port", async () => {
    const ws = await createWorkspace('selfref');
    const own = [settings.ports.gateway, settings.ports.registry, settings.ports.registryGrpc, settings.ports.validator];
    for (const [i, ownPort] of own.entries()) {
      for (const host of ['127.0.0.1', '127.1', '[::ffff:127.0.0.1]']) {
        const baseUrl = `http://${host}:${ownPort}/v1`;
        const created = await createModel(ws, chatModelBody({ modelId: 'x', key: `self-${i}-${host.length}`, baseUrl }));
        expect({ baseUrl, status: created.status }).toEqual({ baseUrl, status: 400 });
        expect(created.text).toMatch(/endpoint of Model Garden itself/);
      }
    }
    expect(await listPrivateModels(ws)).toEqual([]);
    recordFigure('outbound.refused-platform-endpoints', own.length * 3);
  });

  it('the validator and the gateway refuse at connect time an address their allowlist does not open', async () => {
    const ws = await createWorkspace('ssrfconnect');
    const scenario = `rel-ssrfc-${ws.slug}`;
    await defineScenario({ id: scenario, base: 'mock-chat' });
    const model = await createActiveModel(ws, chatModelBody({ modelId: scenario, key: 'moved' }));
    expect((await chat(ws.key, model.ref)).status).toBe(200);
    const calls = (await scenarioStats(scenario)).calls;

    // The registry still accepts 127.0.0.1; the validator and the gateway no longer may call it
    // (as when a name that resolved to an allowed address now resolves to a forbidden one).
    await Promise.all([stopService(state, 'validator'), stopService(state, 'gateway')]);
    await Promise.all([startService(state, 'validator', { OUTBOUND_ALLOWLIST: '' }), startService(state, 'gateway', { OUTBOUND_ALLOWLIST: '' })]);
    try {
      const refused = await chat(ws.key, model.ref, { retry: { count: 0 } });
      expect(refused.status).toBe(502);
      expect(isOpenAiError(refused.json)).toBe(true);
      expect((refused.json as { error: { code: string } }).error.code).toBe('outbound_address_forbidden');
      expect(refused.text).not.toContain(String(port));

      const revalidate = await http(`${REGISTRY}/v1/models/${model.id}/validate?wait=20`, { method: 'POST', headers: bearer(ws.key), timeoutMs: 30_000 });
      expect(revalidate.status).toBe(200);
      const failed = revalidate.json as { status: string; statusMessage: string; validation: { checks: Array<{ code: string }> } };
      expect(failed.status).toBe('failed');
      expect(failed.validation.checks.map((c) => c.code)).toContain('outbound_address_forbidden');
      expect((await scenarioStats(scenario)).calls).toBe(calls);
    } finally {
      await Promise.all([stopService(state, 'validator'), stopService(state, 'gateway')]);
      await Promise.all([startService(state, 'validator'), startService(state, 'gateway')]);
    }
    const back = await http(`${REGISTRY}/v1/models/${model.id}/validate?wait=20`, { method: 'POST', headers: bearer(ws.key), timeoutMs: 30_000 });
    expect((back.json as { status: string }).status).toBe('active');
    await waitFor('the gateway to serve it again', async () => (await chat(ws.key, model.ref)).status === 200, 10_000);
  });
});
