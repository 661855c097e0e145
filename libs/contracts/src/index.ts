export * from './browser';
export * from './events';
export * from './queues';
export * from './proto';
