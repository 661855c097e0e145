export * from './registry-api.types';
