import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { type ApiKeyView } from '@model-garden/contracts';
import { Repository } from 'typeorm';
import { isUuid } from '../../../shared/pg-errors.util';
import { RegistryException } from '../../../shared/registry.exception';
import { ApiKeyEntity } from '../../api-key.entity';
import { toApiKeyView } from '../../api-key.mapper';
import { type GetApiKeyCommand } from './get-api-key.command';

@Injectable()
export class GetApiKeyUseCase {
  constructor(@InjectRepository(ApiKeyEntity) private readonly keys: Repository<ApiKeyEntity>) {}

  async execute(command: GetApiKeyCommand): Promise<ApiKeyView> {
    const key = isUuid(command.id) ? await this.keys.findOneBy({ id: command.id, workspaceId: command.workspaceId }) : null;
    if (!key) throw RegistryException.notFound('API key');
    return toApiKeyView(key);
  }
}
