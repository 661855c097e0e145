// Unit tests of this project only (the tiers across the repo: ../../jest.config.js).
const preset = require('../../jest.preset');

/** @type {import('jest').Config} */
module.exports = {
  ...preset,
  displayName: 'mock-provider',
  rootDir: '../..',
  roots: ['<rootDir>/apps/mock-provider'],
  testMatch: ['**/*.spec.ts'],
  passWithNoTests: false,
};
