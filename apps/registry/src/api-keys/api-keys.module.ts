import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ApiKeyEntity } from './api-key.entity';
import { ApiKeyIssuer } from './api-key-issuer.service';
import { ApiKeyRepository } from './api-key.repository';
import { ApiKeysController } from './api-keys.controller';
import { CreateApiKeyUseCase } from './usecases/create-api-key/create-api-key.usecase';
import { GetApiKeyUseCase } from './usecases/get-api-key/get-api-key.usecase';
import { ListApiKeysUseCase } from './usecases/list-api-keys/list-api-keys.usecase';
import { RevokeApiKeyUseCase } from './usecases/revoke-api-key/revoke-api-key.usecase';

const USE_CASES = [CreateApiKeyUseCase, ListApiKeysUseCase, GetApiKeyUseCase, RevokeApiKeyUseCase];

@Module({
  imports: [TypeOrmModule.forFeature([ApiKeyEntity])],
  controllers: [ApiKeysController],
  providers: [ApiKeyIssuer, ApiKeyRepository, ...USE_CASES],
  exports: [ApiKeyIssuer, ApiKeyRepository],
})
export class ApiKeysModule {}
