// Per-tier test timeout: `testTimeout` is a global Jest option and would be ignored
// for one project of a multi-project run, so each slow tier sets it here.
jest.setTimeout(60_000);
