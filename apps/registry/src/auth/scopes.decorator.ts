import { applyDecorators, createParamDecorator, type ExecutionContext, SetMetadata, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { type ApiKeyScope } from '@model-garden/contracts';
import { ErrorResponseDto } from '../shared/dtos/error-response.dto';
import { AdminTokenGuard } from './admin-token.guard';
import { ADMIN_TOKEN_SECURITY, API_KEY_SECURITY, REQUIRED_SCOPE } from './auth.constant';
import { type AuthContext } from './auth-context';
import { type AuthenticatedRequest, WorkspaceAuthGuard } from './workspace-auth.guard';


/** The route needs a workspace API key holding `scope`. Every workspace route carries one. */
export function RequireScope(scope: ApiKeyScope): MethodDecorator & ClassDecorator {
  return applyDecorators(
    SetMetadata(REQUIRED_SCOPE, scope),
    UseGuards(WorkspaceAuthGuard),
    ApiBearerAuth(API_KEY_SECURITY),
    ApiUnauthorizedResponse({ description: 'No key, or a key that is unknown, revoked or expired', type: ErrorResponseDto }),
    ApiForbiddenResponse({ description: `The key lacks the scope ${scope}`, type: ErrorResponseDto }),
  );
}

/** The route needs the platform's ADMIN_TOKEN (workspace creation). */
export function RequireAdminToken(): MethodDecorator & ClassDecorator {
  return applyDecorators(
    UseGuards(AdminTokenGuard),
    ApiBearerAuth(ADMIN_TOKEN_SECURITY),
    ApiUnauthorizedResponse({ description: 'Missing or wrong admin token', type: ErrorResponseDto }),
  );
}

/** The authenticated caller of a `@RequireScope` route. */
export const CurrentAuth = createParamDecorator((_data: unknown, context: ExecutionContext): AuthContext => {
  const auth = context.switchToHttp().getRequest<AuthenticatedRequest>().auth;
  if (!auth) throw new Error('CurrentAuth used on a route without RequireScope');
  return auth;
});
