import { Injectable } from '@nestjs/common';
import { type ApiKeyScope } from '@model-garden/contracts';
import { DataSource } from 'typeorm';
import { apiKeyMatches, apiKeyPrefix } from '../../api-key-secret.util';
import { type AuthContext } from '../../auth-context';
import { type AuthenticateApiKeyCommand } from './authenticate-api-key.command';

interface KeyRow {
  id: string;
  workspace_id: string;
  slug: string;
  prefix: string;
  secret_hash: string;
  scopes: ApiKeyScope[];
  expires_at: Date | null;
}

/**
 * Resolves a presented workspace key to its workspace and scopes, or to nothing:
 * unknown, malformed, revoked and expired keys are indistinguishable to the caller.
 * Revocation and expiry are read from the database on every call, so they take
 * effect at once.
 */
@Injectable()
export class AuthenticateApiKeyUseCase {
  constructor(private readonly dataSource: DataSource) {}

  async execute(command: AuthenticateApiKeyCommand): Promise<AuthContext | undefined> {
    const prefix = apiKeyPrefix(command.key);
    if (!prefix) return undefined;
    const rows: KeyRow[] = await this.dataSource.query(
      `SELECT k.id, k.workspace_id, w.slug, k.prefix, k.secret_hash, k.scopes, k.expires_at
         FROM api_keys k JOIN workspaces w ON w.id = k.workspace_id
        WHERE k.prefix = $1 AND k.revoked_at IS NULL AND (k.expires_at IS NULL OR k.expires_at > now())`,
      [prefix],
    );
    const row = rows[0];
    if (!row || !apiKeyMatches(command.key, row.secret_hash)) return undefined;
    // Recorded at most once a minute per key, so authentication stays a read.
    await this.dataSource.query(
      `UPDATE api_keys SET last_used_at = now() WHERE id = $1 AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')`,
      [row.id],
    );
    return {
      apiKeyId: row.id,
      workspaceId: row.workspace_id,
      workspaceSlug: row.slug,
      scopes: row.scopes,
      prefix: row.prefix,
      expiresAt: row.expires_at,
    };
  }
}
