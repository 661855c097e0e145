import { Injectable } from '@nestjs/common';
import { effectiveRegions } from '@model-garden/contracts';
import { ApiKeyRepository } from '../../../api-keys/api-key.repository';
import { apiKeyMatches, apiKeyPrefix } from '../../api-key-secret.util';
import { type AuthContext } from '../../auth-context';
import { type AuthenticateApiKeyCommand } from './authenticate-api-key.command';

/**
 * Resolves a presented workspace key to its workspace and scopes, or to nothing:
 * unknown, malformed, revoked and expired keys are indistinguishable to the caller.
 * Revocation and expiry are read from the database on every call, so they take
 * effect at once.
 */
@Injectable()
export class AuthenticateApiKeyUseCase {
  constructor(private readonly keys: ApiKeyRepository) {}

  async execute(command: AuthenticateApiKeyCommand): Promise<AuthContext | undefined> {
    const prefix = apiKeyPrefix(command.apiKey);
    if (!prefix) return undefined;
    const key = await this.keys.findUsableByPrefix(prefix);
    if (!key || !apiKeyMatches(command.apiKey, key.secretHash)) return undefined;
    await this.keys.recordUse(key.id);
    return {
      apiKeyId: key.id,
      workspaceId: key.workspaceId,
      workspaceSlug: key.workspaceSlug,
      scopes: key.scopes,
      prefix: key.prefix,
      expiresAt: key.expiresAt,
      keyRegions: key.keyRegions,
      allowedRegions: effectiveRegions(key.workspaceRegions, key.keyRegions),
    };
  }
}
