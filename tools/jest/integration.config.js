const preset = require('../../jest.preset');

/** @type {import('jest').Config} */
module.exports = {
  ...preset,
  displayName: 'integration',
  rootDir: '../..',
  roots: ['<rootDir>/apps', '<rootDir>/libs', '<rootDir>/tools'],
  testMatch: ['**/*.integration-spec.ts'],
  globalSetup: '<rootDir>/tools/jest/integration.global-setup.ts',
  globalTeardown: '<rootDir>/tools/jest/integration.global-teardown.ts',
  setupFilesAfterEnv: ['<rootDir>/tools/jest/kafkajs.setup.ts', '<rootDir>/tools/jest/integration.setup.ts'],
};
