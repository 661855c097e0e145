import { Injectable } from '@nestjs/common';
import { type ApiKeyRevokedData, EVENT_TYPES, TOPICS } from '@model-garden/contracts';
import { DataSource } from 'typeorm';
import { OutboxService } from '../../../outbox/outbox.service';
import { isUuid } from '../../../shared/pg-errors.util';
import { RegistryException } from '../../../shared/registry.exception';
import { ApiKeyEntity } from '../../api-key.entity';
import { type RevokeApiKeyCommand } from './revoke-api-key.command';

/**
 * Revokes a key: refused by the registry from this commit on, and ApiKeyRevoked
 * goes out through the outbox so gateways drop it from their caches. Revoking a
 * revoked key again changes nothing.
 */
@Injectable()
export class RevokeApiKeyUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: OutboxService,
  ) {}

  async execute(command: RevokeApiKeyCommand): Promise<void> {
    if (!isUuid(command.id)) throw RegistryException.notFound('API key');
    await this.dataSource.transaction(async (manager) => {
      const key = await manager.findOne(ApiKeyEntity, { where: { id: command.id, workspaceId: command.workspaceId }, lock: { mode: 'pessimistic_write' } });
      if (!key) throw RegistryException.notFound('API key');
      if (key.revokedAt) return;
      await manager.update(ApiKeyEntity, { id: key.id }, { revokedAt: new Date() });
      const data: ApiKeyRevokedData = { apiKeyId: key.id, workspaceId: key.workspaceId, prefix: key.prefix };
      await this.outbox.append(manager, TOPICS.apiKeys, EVENT_TYPES.apiKeyRevoked, key.id, data);
    });
  }
}
