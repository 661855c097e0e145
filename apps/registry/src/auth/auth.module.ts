import { Global, Module } from '@nestjs/common';
import { AdminTokenGuard } from './admin-token.guard';
import { AuthenticateApiKeyUseCase } from './usecases/authenticate-api-key/authenticate-api-key.usecase';
import { WorkspaceAuthGuard } from './workspace-auth.guard';

/** Authentication of workspace keys (REST and gRPC) and of the admin token. */
@Global()
@Module({
  providers: [AuthenticateApiKeyUseCase, WorkspaceAuthGuard, AdminTokenGuard],
  exports: [AuthenticateApiKeyUseCase, WorkspaceAuthGuard, AdminTokenGuard],
})
export class AuthModule {}
