import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { type ApiKeyView } from '@model-garden/contracts';
import { Repository } from 'typeorm';
import { ApiKeyEntity } from '../../api-key.entity';
import { toApiKeyView } from '../../api-key.mapper';
import { type ListApiKeysCommand } from './list-api-keys.command';

/** The workspace's keys, newest first, revoked ones included (with revokedAt). */
@Injectable()
export class ListApiKeysUseCase {
  constructor(@InjectRepository(ApiKeyEntity) private readonly keys: Repository<ApiKeyEntity>) {}

  async execute(command: ListApiKeysCommand): Promise<ApiKeyView[]> {
    const keys = await this.keys.find({ where: { workspaceId: command.workspaceId }, order: { createdAt: 'DESC', id: 'DESC' } });
    return keys.map(toApiKeyView);
  }
}
