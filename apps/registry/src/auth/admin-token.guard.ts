import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { RegistryConfig } from '../config/registry.config';
import { RegistryException } from '../shared/registry.exception';
import { tokensEqual } from './api-key-secret.util';
import { type AuthenticatedRequest, bearerToken } from './workspace-auth.guard';

/** Platform operator routes: the bearer token must equal ADMIN_TOKEN (compared in constant time). */
@Injectable()
export class AdminTokenGuard implements CanActivate {
  constructor(private readonly config: RegistryConfig) {}

  canActivate(context: ExecutionContext): boolean {
    const token = bearerToken(context.switchToHttp().getRequest<AuthenticatedRequest>().headers.authorization);
    if (!token || !tokensEqual(token, this.config.ADMIN_TOKEN)) {
      throw RegistryException.unauthorized('This route needs the admin token: send "Authorization: Bearer <ADMIN_TOKEN>".');
    }
    return true;
  }
}
