export * from './service-connections';
