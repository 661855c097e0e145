export * from './topics';
export * from './event-types';
export * from './envelope';
