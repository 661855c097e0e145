// Unit tests of this project only (the tiers across the repo: ../../jest.config.js).
const preset = require('../../jest.preset');

/** @type {import('jest').Config} */
module.exports = {
  ...preset,
  displayName: 'experiment-worker',
  rootDir: '../..',
  roots: ['<rootDir>/apps/experiment-worker'],
  testMatch: ['**/*.spec.ts'],
  passWithNoTests: false,
};
