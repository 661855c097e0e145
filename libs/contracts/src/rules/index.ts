export * from './field-rule';
export * from './url-shape';
export * from './model.rules';
export * from './experiment.rules';
