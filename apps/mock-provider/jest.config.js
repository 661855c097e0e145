// Unit tests of this project only (the tiers across the repo: ../../jest.config.js).
const preset = require('../../jest.preset');

// The root .swcrc excludes *.spec.ts from builds, and swc applies that exclusion to
// Jest's transforms too ("cannot process file because it's ignored by .swcrc") unless
// told not to read .swcrc. The same `swcrc: false` belongs in jest.preset.js.
const [transformer, swcOptions] = preset.transform['^.+\\.ts$'];

/** @type {import('jest').Config} */
module.exports = {
  ...preset,
  transform: { '^.+\\.ts$': [transformer, { ...swcOptions, swcrc: false }] },
  displayName: 'mock-provider',
  rootDir: '../..',
  roots: ['<rootDir>/apps/mock-provider'],
  testMatch: ['**/*.spec.ts'],
  passWithNoTests: false,
};
