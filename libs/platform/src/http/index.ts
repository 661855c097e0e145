export * from './http-app';
export * from './internal-server';
