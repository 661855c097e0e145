import { type GrpcOptions, Transport } from '@nestjs/microservices';
import { REGISTRY_GRPC_PACKAGE, REGISTRY_PROTO_LOADER_OPTIONS, REGISTRY_PROTO_PATH } from '@model-garden/contracts';
import { registryServerCredentials, type RegistryGrpcServerTls } from '@model-garden/platform';

/**
 * The gRPC server of `registry.proto`, bound to REGISTRY_GRPC_BIND: TLS when
 * REGISTRY_GRPC_TLS_CERT_FILE/KEY_FILE are set (mutual TLS with REGISTRY_GRPC_TLS_CLIENT_CA_FILE).
 */
export function grpcServerOptions(config: { REGISTRY_GRPC_BIND: string } & RegistryGrpcServerTls): GrpcOptions {
  return {
    transport: Transport.GRPC,
    options: {
      url: config.REGISTRY_GRPC_BIND,
      package: REGISTRY_GRPC_PACKAGE,
      protoPath: REGISTRY_PROTO_PATH,
      loader: { ...REGISTRY_PROTO_LOADER_OPTIONS },
      credentials: registryServerCredentials(config),
      channelOptions: { 'grpc.keepalive_permit_without_calls': 1 },
    },
  };
}
