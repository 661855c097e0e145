import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { type ApiKeyScope } from '@model-garden/contracts';
import { type FastifyReply, type FastifyRequest } from 'fastify';
import { RegistryException } from '../shared/registry.exception';
import { REQUIRED_SCOPE } from './auth.constant';
import { type AuthContext } from './auth-context';
import { ApiKeyRateLimiter } from './api-key.rate-limiter';
import { AuthenticateApiKeyUseCase } from './usecases/authenticate-api-key/authenticate-api-key.usecase';
import { AuthenticateApiKeyCommand, MAX_PRESENTED_KEY_LENGTH } from './usecases/authenticate-api-key/authenticate-api-key.command';

export type AuthenticatedRequest = FastifyRequest & { auth?: AuthContext };

/**
 * Authenticates the bearer workspace key, enforces the route's scope (a route without
 * a scope is refused: fail closed), then takes the request from the key's rate limit.
 */
@Injectable()
export class WorkspaceAuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly authenticate: AuthenticateApiKeyUseCase,
    private readonly rateLimit: ApiKeyRateLimiter,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const scope = this.reflector.getAllAndOverride<ApiKeyScope | undefined>(REQUIRED_SCOPE, [context.getHandler(), context.getClass()]);
    if (!scope) throw new Error(`${context.getClass().name}.${context.getHandler().name} has no required scope`);
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const key = bearerToken(request.headers.authorization);
    if (!key) throw RegistryException.unauthorized();
    if (key.length > MAX_PRESENTED_KEY_LENGTH) throw RegistryException.unauthorized('The API key is invalid, revoked or expired.');
    const auth = await this.authenticate.execute(AuthenticateApiKeyCommand.create({ apiKey: key }));
    if (!auth) throw RegistryException.unauthorized('The API key is invalid, revoked or expired.');
    if (!auth.scopes.includes(scope)) {
      throw RegistryException.forbidden(`This API key lacks the scope "${scope}" that this route requires.`);
    }
    const headers = await this.rateLimit.consume(auth);
    if (headers) void context.switchToHttp().getResponse<FastifyReply>().headers(headers);
    request.auth = auth;
    return true;
  }
}

export function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return match?.[1];
}
