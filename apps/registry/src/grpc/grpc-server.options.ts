import { type GrpcOptions, Transport } from '@nestjs/microservices';
import { REGISTRY_GRPC_PACKAGE, REGISTRY_PROTO_LOADER_OPTIONS, REGISTRY_PROTO_PATH } from '@model-garden/contracts';

/** The gRPC server of `registry.proto`, bound to REGISTRY_GRPC_BIND. */
export function grpcServerOptions(bind: string): GrpcOptions {
  return {
    transport: Transport.GRPC,
    options: {
      url: bind,
      package: REGISTRY_GRPC_PACKAGE,
      protoPath: REGISTRY_PROTO_PATH,
      loader: { ...REGISTRY_PROTO_LOADER_OPTIONS },
      channelOptions: { 'grpc.keepalive_permit_without_calls': 1 },
    },
  };
}
