export * from './deployment.types';
export * from './deployment-events';
export * from './deployment-template';
export * from './deployment-routing';
