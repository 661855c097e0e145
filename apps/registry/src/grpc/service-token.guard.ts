import { type Metadata, status } from '@grpc/grpc-js';
import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { RpcException } from '@nestjs/microservices';
import { SERVICE_TOKEN_METADATA_KEY } from '@model-garden/contracts';
import { tokensEqual } from '../auth/api-key-secret.util';
import { RegistryConfig } from '../config/registry.config';

/** Every gRPC call must carry SERVICE_TOKEN in `x-service-token`; anything else is UNAUTHENTICATED. */
@Injectable()
export class ServiceTokenGuard implements CanActivate {
  constructor(private readonly config: RegistryConfig) {}

  canActivate(context: ExecutionContext): boolean {
    const metadata = context.switchToRpc().getContext<Metadata>();
    const presented = metadata?.get(SERVICE_TOKEN_METADATA_KEY)?.[0];
    if (typeof presented !== 'string' || !tokensEqual(presented, this.config.SERVICE_TOKEN)) {
      throw new RpcException({ code: status.UNAUTHENTICATED, message: `A valid service token is required in the "${SERVICE_TOKEN_METADATA_KEY}" metadata entry.` });
    }
    return true;
  }
}
