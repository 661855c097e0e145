// Per-tier test timeout (see integration.setup.ts).
jest.setTimeout(90_000);
