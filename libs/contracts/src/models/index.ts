export * from './model.types';
export * from './model-events';
export * from './region-policy';
