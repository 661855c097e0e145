import { Global, Module } from '@nestjs/common';
import { AdminTokenGuard } from './admin-token.guard';
import { RateLimitService } from './rate-limit.service';
import { AuthenticateApiKeyUseCase } from './usecases/authenticate-api-key/authenticate-api-key.usecase';
import { WorkspaceAuthGuard } from './workspace-auth.guard';

/** Authentication of workspace keys (REST and gRPC) and of the admin token; per-key rate limits. */
@Global()
@Module({
  providers: [AuthenticateApiKeyUseCase, WorkspaceAuthGuard, AdminTokenGuard, RateLimitService],
  exports: [AuthenticateApiKeyUseCase, WorkspaceAuthGuard, AdminTokenGuard, RateLimitService],
})
export class AuthModule {}
