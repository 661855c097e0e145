import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ApiKeyEntity } from '../api-keys/api-key.entity';
import { ApiKeyRepository } from '../api-keys/api-key.repository';
import { AdminTokenGuard } from './admin-token.guard';
import { ApiKeyRateLimiter } from './api-key.rate-limiter';
import { AuthenticateApiKeyUseCase } from './usecases/authenticate-api-key/authenticate-api-key.usecase';
import { WorkspaceAuthGuard } from './workspace-auth.guard';

/** Authentication of workspace keys (REST and gRPC) and of the admin token; per-key rate limits. */
@Global()
@Module({
  imports: [TypeOrmModule.forFeature([ApiKeyEntity])],
  providers: [ApiKeyRepository, AuthenticateApiKeyUseCase, WorkspaceAuthGuard, AdminTokenGuard, ApiKeyRateLimiter],
  exports: [AuthenticateApiKeyUseCase, WorkspaceAuthGuard, AdminTokenGuard, ApiKeyRateLimiter],
})
export class AuthModule {}
