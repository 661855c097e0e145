import { GatewayShapeCheck } from '@model-garden/testing';

// Per-tier test timeout (see integration.setup.ts).
jest.setTimeout(90_000);

// Every answer of the gateway under test, to any client of any spec (the official SDKs,
// raw fetch), is checked against the OpenAI schemas of @model-garden/contracts: a call
// whose body or SSE chunk does not match fails, and so does the test that made it.
const gatewayUrl = process.env['E2E_GATEWAY_URL'];
if (gatewayUrl) {
  const shapes = new GatewayShapeCheck(gatewayUrl, globalThis.fetch);
  globalThis.fetch = shapes.fetch;
  afterEach(() => {
    const problems = shapes.take();
    if (problems.length > 0) throw new Error(`the gateway answered outside OpenAI's shapes:\n${problems.join('\n')}`);
  });
}
