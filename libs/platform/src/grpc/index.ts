export * from './registry.client';
export * from './grpc-tls';
