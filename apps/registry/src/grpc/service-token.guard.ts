import { type Metadata, status } from '@grpc/grpc-js';
import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { RpcException } from '@nestjs/microservices';
import { mayCall, PLATFORM_SERVICES, type PlatformService, SERVICE_TOKEN_METADATA_KEY, SERVICE_TOKEN_VARIABLES } from '@model-garden/contracts';
import { tokensEqual } from '../auth/api-key-secret.util';
import { RegistryConfig } from '../config/registry.config';

/** The token each platform service presents, from its *_SERVICE_TOKEN variable (unset: that service cannot call). */
function serviceTokens(config: RegistryConfig): Array<[PlatformService, string]> {
  const tokens: Record<PlatformService, string | undefined> = {
    validator: config.VALIDATOR_SERVICE_TOKEN,
    gateway: config.GATEWAY_SERVICE_TOKEN,
    'experiment-worker': config.EXPERIMENT_WORKER_SERVICE_TOKEN,
  };
  return PLATFORM_SERVICES.flatMap((service): Array<[PlatformService, string]> => (tokens[service] ? [[service, tokens[service]]] : []));
}

/**
 * Every gRPC call must carry a platform service's own token in `x-service-token`
 * (UNAUTHENTICATED otherwise), and that service may call only the methods that
 * `REGISTRY_GRPC_METHOD_ACCESS` (libs/contracts, service-access.ts) lists for it
 * (PERMISSION_DENIED otherwise, a method missing from the table included).
 */
@Injectable()
export class ServiceTokenGuard implements CanActivate {
  private readonly tokens: Array<[PlatformService, string]>;

  constructor(config: RegistryConfig) {
    this.tokens = serviceTokens(config);
    // Two services sharing a token would share each other's methods: refuse to start.
    for (const [i, [service, token]] of this.tokens.entries()) {
      const twin = this.tokens.slice(i + 1).find(([, other]) => other === token);
      if (twin) throw new Error(`${SERVICE_TOKEN_VARIABLES[service]} and ${SERVICE_TOKEN_VARIABLES[twin[0]]} must differ: each service has its own token`);
    }
  }

  canActivate(context: ExecutionContext): boolean {
    const metadata = context.switchToRpc().getContext<Metadata>();
    const presented = metadata?.get(SERVICE_TOKEN_METADATA_KEY)?.[0];
    const caller = typeof presented === 'string' ? this.identify(presented) : undefined;
    if (caller === undefined) {
      throw new RpcException({ code: status.UNAUTHENTICATED, message: `A valid service token is required in the "${SERVICE_TOKEN_METADATA_KEY}" metadata entry.` });
    }
    const method = rpcMethod(context);
    if (!mayCall(caller, method)) {
      throw new RpcException({ code: status.PERMISSION_DENIED, message: `The ${caller} service may not call ${method || 'this method'}.` });
    }
    return true;
  }

  /** Compares with every token (constant time each), so timing tells nothing about which one matched. */
  private identify(presented: string): PlatformService | undefined {
    let caller: PlatformService | undefined;
    for (const [service, token] of this.tokens) if (tokensEqual(presented, token) && caller === undefined) caller = service;
    return caller;
  }
}

/** The method name of the call (`/package.Service/Method` → `Method`), or '' when the transport does not say. */
function rpcMethod(context: ExecutionContext): string {
  const call = context.getArgByIndex<{ getPath?: () => string } | undefined>(2);
  const path = typeof call?.getPath === 'function' ? call.getPath() : '';
  return path.slice(path.lastIndexOf('/') + 1);
}
