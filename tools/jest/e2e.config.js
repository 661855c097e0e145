const preset = require('../../jest.preset');

/** @type {import('jest').Config} */
module.exports = {
  ...preset,
  displayName: 'e2e',
  rootDir: '../..',
  roots: ['<rootDir>/apps', '<rootDir>/libs', '<rootDir>/tools'],
  testMatch: ['**/*.e2e-spec.ts'],
  globalSetup: '<rootDir>/tools/jest/e2e.global-setup.ts',
  globalTeardown: '<rootDir>/tools/jest/e2e.global-teardown.ts',
  setupFilesAfterEnv: ['<rootDir>/tools/jest/kafkajs.setup.ts', '<rootDir>/tools/jest/e2e.setup.ts'],
};
