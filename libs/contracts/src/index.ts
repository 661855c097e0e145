export * from './events';
export * from './queues';
export * from './errors';
export * from './models';
export * from './deployments';
export * from './proto';
export * from './registry';
