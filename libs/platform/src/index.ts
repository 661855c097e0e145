export * from './config';
export * from './logging';
export * from './health';
export * from './metrics';
export * from './kafka';
export * from './crypto';
export * from './http';
