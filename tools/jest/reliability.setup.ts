// Per-tier test timeout (see integration.setup.ts): fault tests wait for restarts.
jest.setTimeout(120_000);

// Property tests run with a fixed seed, so a CI result is reproducible; set MG_FUZZ_SEED to explore others.
// eslint-disable-next-line @typescript-eslint/no-require-imports
require('fast-check').configureGlobal({ seed: Number(process.env['MG_FUZZ_SEED'] ?? 20261125) });
