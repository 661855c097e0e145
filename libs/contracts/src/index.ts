export * from './events';
export * from './queues';
export * from './errors';
export * from './models';
export * from './experiments';
export * from './proto';
export * from './registry';
