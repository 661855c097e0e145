export * from './registry.client';
