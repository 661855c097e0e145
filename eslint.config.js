// Lint with zero warnings allowed (`eslint --max-warnings 0`). Module boundaries are
// enforced from the Nx tags: validator and gateway can never import registry code,
// and shared libraries never import an app.
const js = require('@eslint/js');
const tseslint = require('typescript-eslint');
const nx = require('@nx/eslint-plugin');
const prettier = require('eslint-config-prettier');
const globals = require('globals');
const reactHooks = require('eslint-plugin-react-hooks');

const depConstraints = [
  { sourceTag: 'scope:registry', onlyDependOnLibsWithTags: ['scope:registry', 'scope:shared'] },
  { sourceTag: 'scope:validator', onlyDependOnLibsWithTags: ['scope:validator', 'scope:shared'] },
  { sourceTag: 'scope:experiment-worker', onlyDependOnLibsWithTags: ['scope:experiment-worker', 'scope:shared'] },
  { sourceTag: 'scope:gateway', onlyDependOnLibsWithTags: ['scope:gateway', 'scope:shared'] },
  { sourceTag: 'scope:mock-provider', onlyDependOnLibsWithTags: ['scope:mock-provider', 'scope:shared'] },
  { sourceTag: 'scope:studio', onlyDependOnLibsWithTags: ['scope:studio', 'scope:shared'] },
  { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
  { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:contracts', 'type:adapter', 'type:util', 'type:testing'] },
  { sourceTag: 'type:adapter', onlyDependOnLibsWithTags: ['type:contracts', 'type:util'] },
  { sourceTag: 'type:util', onlyDependOnLibsWithTags: ['type:contracts', 'type:util'] },
  { sourceTag: 'type:contracts', onlyDependOnLibsWithTags: ['type:contracts'] },
  { sourceTag: 'type:testing', onlyDependOnLibsWithTags: ['type:contracts', 'type:util', 'type:adapter', 'type:testing'] },
];
const TEST_FILES = ['**/*.spec.ts', '**/*.spec.tsx', '**/*.integration-spec.ts', '**/*.e2e-spec.ts'];

module.exports = tseslint.config(
  // libs/contracts/src/proto/generated: written by `npm run proto:gen`, checked by `npm run proto:check`.
  { ignores: ['**/node_modules/**', '**/dist/**', '.local/**', '.nx/**', 'bench/results/**', 'infra/**', 'libs/contracts/src/proto/generated/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  {
    files: ['**/*.ts', '**/*.tsx', '**/*.mts'],
    plugins: { '@nx': nx },
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allow: [],
          depConstraints,
        },
      ],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'error',
    },
  },
  {
    files: [...TEST_FILES, 'tools/**/*.ts', 'bench/**/*.ts'],
    rules: { 'no-console': 'off' },
  },
  {
    // Tests of any project may use the shared test harness (type:testing); production code may not.
    files: TEST_FILES,
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allow: [],
          depConstraints: depConstraints.map((c) =>
            c.sourceTag.startsWith('type:') ? { ...c, onlyDependOnLibsWithTags: [...new Set([...c.onlyDependOnLibsWithTags, 'type:testing'])] } : c,
          ),
        },
      ],
    },
  },
  {
    // Jest loads global setup/teardown (and the stack launcher they use) outside its
    // module registry, where the @model-garden/* aliases do not resolve: they import by path.
    files: ['tools/jest/*.global-setup.ts', 'tools/jest/*.global-teardown.ts', 'tools/stack/stack.ts'],
    rules: { '@nx/enforce-module-boundaries': 'off' },
  },
  {
    // The studio runs in the browser: DOM globals, React's rules of hooks, and values of
    // the contracts through their browser-safe entry (the index pulls Node modules).
    files: ['apps/studio/src/**/*.ts', 'apps/studio/src/**/*.tsx'],
    languageOptions: { globals: globals.browser },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs['recommended-latest'].rules,
      'react-hooks/exhaustive-deps': 'error',
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: '@model-garden/contracts',
              allowTypeImports: true,
              message: 'The studio bundles no server code: import values from @model-garden/contracts/browser (types may come from either).',
            },
          ],
        },
      ],
    },
  },
  {
    // What @model-garden/contracts/browser reaches must run in a browser.
    files: ['libs/contracts/src/browser.ts', 'libs/contracts/src/{models,errors,registry,rules,experiments,deployments}/**/*.ts'],
    ignores: TEST_FILES,
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['node:*', '../events', '../events/*', '../proto', '../proto/*', '../queues', '../queues/*'], message: 'This module is part of the browser-safe entry of the contracts: no Node modules.' }] }],
    },
  },
  {
    files: ['apps/studio/e2e/**/*.ts', 'apps/studio/vite.config.mts'],
    languageOptions: { globals: globals.node },
  },
  {
    files: ['**/*.js'],
    languageOptions: { sourceType: 'commonjs', globals: globals.node },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
