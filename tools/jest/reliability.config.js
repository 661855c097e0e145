const preset = require('../../jest.preset');

// The reliability tier (`*.reliability-spec.ts`): faults, bad input, SSRF, secrets and
// isolation against a stack of its own (tools/jest/reliability.global-setup.ts). Its
// tests stop and kill that stack's pieces, so files run one at a time, in the order
// of their numeric prefix (the secrets scan last), and never in the same Jest run as
// the other tiers: scripts/test.sh runs it second.
/** @type {import('jest').Config} */
module.exports = {
  ...preset,
  displayName: 'reliability',
  rootDir: '../..',
  roots: ['<rootDir>/tests'],
  testMatch: ['**/*.reliability-spec.ts'],
  maxWorkers: 1,
  testSequencer: '<rootDir>/tools/jest/reliability.sequencer.js',
  globalSetup: '<rootDir>/tools/jest/reliability.global-setup.ts',
  globalTeardown: '<rootDir>/tools/jest/reliability.global-teardown.ts',
  setupFilesAfterEnv: ['<rootDir>/tools/jest/kafkajs.setup.ts', '<rootDir>/tools/jest/reliability.setup.ts'],
};
