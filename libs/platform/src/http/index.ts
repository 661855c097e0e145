export * from './http-app';
export * from './internal-server';
export * from './client-address';
