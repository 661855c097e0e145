export * from './field-rule';
export * from './url-shape';
export * from './model.rules';
export * from './deployment.rules';
export * from './page.rules';
export * from './experiment.rules';
export * from './budget.rules';
