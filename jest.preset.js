// Shared Jest settings: SWC transforms TypeScript (with decorator metadata, as the
// build does) and the tsconfig path aliases resolve to the libraries' sources.
const path = require('node:path');

const root = __dirname;

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  transform: {
    '^.+\\.ts$': [
      require.resolve('@swc/jest'),
      {
        swcrc: false,
        jsc: {
          target: 'es2022',
          parser: { syntax: 'typescript', decorators: true, dynamicImport: true },
          transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
          keepClassNames: true,
        },
        module: { type: 'commonjs' },
        sourceMaps: 'inline',
      },
    ],
  },
  moduleFileExtensions: ['ts', 'js', 'json'],
  moduleNameMapper: {
    '^@model-garden/(contracts|platform|providers|testing)$': path.join(root, 'libs/$1/src/index.ts'),
    '^@model-garden/contracts/browser$': path.join(root, 'libs/contracts/src/browser.ts'),
  },
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
};
