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
import { injectTraceContext, type TraceCarrier, tracingEnabled } from '../tracing';
import { type RegistryGrpcClientTls, registryChannelCredentials } from './grpc-tls';
import { assertOneCertificateName, parseRegistryGrpcUrl, REGISTRY_GRPC_SERVICE_CONFIG } from './registry-target';

export interface RegistryClientOptions {
  /** REGISTRY_GRPC_URL: one host:port, a list of IP host:port, or dns:///name:port (see parseRegistryGrpcUrl). */
  url: string;
  /** This service's own token (VALIDATOR_SERVICE_TOKEN, GATEWAY_SERVICE_TOKEN, ...). */
  serviceToken: string;
  /** TLS settings (REGISTRY_GRPC_CA_FILE, ...); plaintext without REGISTRY_GRPC_CA_FILE. */
  tls?: RegistryGrpcClientTls;
}

/**
 * The typed client of the registry's internal gRPC API. Every call carries this
 * service's own token (the registry lets it call only its methods), over TLS when
 * configured; `ready()` is the readiness check (the channel connects within the deadline).
 * With several registries, grpc-js balances the calls over them (round_robin) and skips
 * one that is down.
 */
export class RegistryGrpcClient {
  readonly service: RegistryServiceClient;
  private readonly proxy: ClientGrpcProxy;
  private readonly token: string;

  constructor(options: RegistryClientOptions) {
    const target = parseRegistryGrpcUrl(options.url);
    const credentials = options.tls ? registryChannelCredentials(options.tls) : undefined;
    const serverName = options.tls?.REGISTRY_GRPC_SERVER_NAME;
    if (credentials) assertOneCertificateName(target, serverName);
    this.proxy = ClientProxyFactory.create({
      transport: Transport.GRPC,
      options: {
        url: target.target,
        package: REGISTRY_GRPC_PACKAGE,
        protoPath: REGISTRY_PROTO_PATH,
        loader: { ...REGISTRY_PROTO_LOADER_OPTIONS },
        ...(credentials ? { credentials } : {}),
        // Reconnect attempts at most a second apart: a restarted registry is found again within a second,
        // not after grpc-js's default backoff, which grows to two minutes.
        channelOptions: {
          'grpc.keepalive_time_ms': 30_000,
          'grpc.enable_retries': 1,
          'grpc.initial_reconnect_backoff_ms': 250,
          'grpc.max_reconnect_backoff_ms': 1_000,
          // Our policy, not one a DNS TXT record could bring in.
          'grpc.service_config': REGISTRY_GRPC_SERVICE_CONFIG,
          'grpc.service_config_disable_resolution': 1,
          // A dns: target is resolved again when a connection fails; no more often than every 5 s.
          'grpc.dns_min_time_between_resolutions_ms': 5_000,
          ...(serverName ? { 'grpc.ssl_target_name_override': serverName, 'grpc.default_authority': serverName } : {}),
        },
      },
    }) as ClientGrpcProxy;
    this.service = this.proxy.getService<RegistryServiceClient>(REGISTRY_GRPC_SERVICE);
    this.token = options.serviceToken;
  }

  /** Metadata that authenticates this service and carries the active trace; pass it to every call. */
  metadata(): Metadata {
    const metadata = new Metadata();
    metadata.set(SERVICE_TOKEN_METADATA_KEY, this.token);
    if (tracingEnabled()) {
      // The caller's trace continues on the registry (its server span's parent).
      const carrier: TraceCarrier = {};
      injectTraceContext(carrier);
      for (const [key, value] of Object.entries(carrier)) metadata.set(key, value);
    }
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
