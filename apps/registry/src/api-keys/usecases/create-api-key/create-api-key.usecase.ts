import { Injectable } from '@nestjs/common';
import { type CreatedApiKeyView } from '@model-garden/contracts';
import { DataSource } from 'typeorm';
import { RegistryException } from '../../../shared/registry.exception';
import { ApiKeyIssuer } from '../../api-key-issuer.service';
import { type CreateApiKeyCommand } from './create-api-key.command';

/** A new key for the caller's workspace, with at most the caller's own scopes. */
@Injectable()
export class CreateApiKeyUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly issuer: ApiKeyIssuer,
  ) {}

  async execute(command: CreateApiKeyCommand): Promise<CreatedApiKeyView> {
    const { auth, input } = command;
    const beyond = input.scopes.filter((s) => !auth.scopes.includes(s));
    if (beyond.length > 0) {
      throw RegistryException.forbidden(`This API key cannot grant ${beyond.map((s) => `"${s}"`).join(', ')}: a key can only grant scopes it holds.`);
    }
    const expiresAt = input.expiresAt ? new Date(input.expiresAt) : null;
    if (expiresAt && expiresAt.getTime() <= Date.now()) throw RegistryException.field('expiresAt', 'expiresAt must be in the future.');
    return this.dataSource.transaction((manager) =>
      this.issuer.issue(manager, { workspaceId: auth.workspaceId, label: input.label.trim(), scopes: input.scopes, expiresAt }),
    );
  }
}
