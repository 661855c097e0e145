import { Metadata, type Client as GrpcClient } from '@grpc/grpc-js';
import { ClientProxyFactory, type ClientGrpcProxy, Transport } from '@nestjs/microservices';
import {
  REGISTRY_GRPC_PACKAGE,
  REGISTRY_GRPC_SERVICE,
  REGISTRY_PROTO_LOADER_OPTIONS,
  REGISTRY_PROTO_PATH,
  type RegistryServiceClient,
  SERVICE_TOKEN_METADATA_KEY,
} from '@model-garden/contracts';

export interface RegistryClientOptions {
  url: string;
  serviceToken: string;
}

/**
 * The typed client of the registry's internal gRPC API. Every call carries the
 * service token; `ready()` is the readiness check (the channel connects within the deadline).
 */
export class RegistryGrpcClient {
  readonly service: RegistryServiceClient;
  private readonly proxy: ClientGrpcProxy;
  private readonly token: string;

  constructor(options: RegistryClientOptions) {
    this.proxy = ClientProxyFactory.create({
      transport: Transport.GRPC,
      options: {
        url: options.url,
        package: REGISTRY_GRPC_PACKAGE,
        protoPath: REGISTRY_PROTO_PATH,
        loader: { ...REGISTRY_PROTO_LOADER_OPTIONS },
        channelOptions: { 'grpc.keepalive_time_ms': 30_000, 'grpc.enable_retries': 1 },
      },
    }) as ClientGrpcProxy;
    this.service = this.proxy.getService<RegistryServiceClient>(REGISTRY_GRPC_SERVICE);
    this.token = options.serviceToken;
  }

  /** Metadata that authenticates this service; pass it to every call. */
  metadata(): Metadata {
    const metadata = new Metadata();
    metadata.set(SERVICE_TOKEN_METADATA_KEY, this.token);
    return metadata;
  }

  async ready(timeoutMs = 2_000): Promise<void> {
    const client = this.proxy.getClientByServiceName(REGISTRY_GRPC_SERVICE) as unknown as GrpcClient;
    await new Promise<void>((resolve, reject) => {
      client.waitForReady(Date.now() + timeoutMs, (error) => (error ? reject(new Error(`registry gRPC not reachable: ${error.message}`)) : resolve()));
    });
  }

  close(): void {
    this.proxy.close();
  }
}
