/**
 * `@model-garden/contracts/browser`: the part of the contracts that runs in a browser
 * (no `node:` module, no Node global): the model vocabulary, error codes, the REST
 * API's shapes and the field rules. The studio imports this entry; services import
 * `@model-garden/contracts`, which re-exports all of it. ESLint refuses `node:`
 * imports in the folders this entry reaches.
 */
export * from './models';
export * from './errors';
export * from './registry';
export * from './rules';
export * from './experiments';
export * from './deployments';
export * from './budgets';
