export * from './registry.client';
export * from './grpc-tls';
export * from './registry-target';
