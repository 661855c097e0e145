export * from './registry-grpc';
export * from './registry-grpc.types';
export * from './service-access';
