// Per-tier test timeout (see integration.setup.ts): fault tests wait for restarts.
jest.setTimeout(120_000);
