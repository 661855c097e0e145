import { join } from 'node:path';

/** The registry's gRPC package and service, with the path of its .proto (copied beside the build output). */
export const REGISTRY_GRPC_PACKAGE = 'modelgarden.registry.v1';
export const REGISTRY_GRPC_SERVICE = 'RegistryService';
export const REGISTRY_PROTO_PATH = join(__dirname, 'registry.proto');
/** Metadata entry that carries the calling service's own token on every call (see service-access.ts). */
export const SERVICE_TOKEN_METADATA_KEY = 'x-service-token';

/** proto-loader options used by both sides, so field names and defaults agree. */
export const REGISTRY_PROTO_LOADER_OPTIONS = {
  keepCase: false,
  longs: Number,
  enums: String,
  defaults: true,
  oneofs: true,
} as const;
