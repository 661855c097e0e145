import { Injectable } from '@nestjs/common';
import { type ApiKeyScope, type Region } from '@model-garden/contracts';
import { InjectRepository } from '@nestjs/typeorm';
import { type EntityManager, Repository } from 'typeorm';
import { isUuid } from '../shared/pg-errors.util';
import { ApiKeyEntity } from './api-key.entity';

/** A key that may be used now (not revoked, not expired), with its workspace's slug. */
export interface UsableApiKey {
  id: string;
  workspaceId: string;
  workspaceSlug: string;
  prefix: string;
  secretHash: string;
  scopes: ApiKeyScope[];
  expiresAt: Date | null;
  /** The key's own setting and its workspace's (NULL: every region / the workspace's). */
  keyRegions: Region[] | null;
  workspaceRegions: Region[] | null;
}

interface UsableApiKeyRow {
  id: string;
  workspace_id: string;
  slug: string;
  prefix: string;
  secret_hash: string;
  scopes: ApiKeyScope[];
  expires_at: Date | null;
  allowed_regions: Region[] | null;
  workspace_regions: Region[] | null;
}

/** The reads and writes of workspace keys on the authentication path (one indexed query per request). */
@Injectable()
export class ApiKeyRepository {
  constructor(@InjectRepository(ApiKeyEntity) private readonly keys: Repository<ApiKeyEntity>) {}

  /** The usable key with this public prefix, if any: revocation and expiry are read at every call. */
  async findUsableByPrefix(prefix: string): Promise<UsableApiKey | undefined> {
    const rows: UsableApiKeyRow[] = await this.keys.query(
      `SELECT k.id, k.workspace_id, w.slug, k.prefix, k.secret_hash, k.scopes, k.expires_at, k.allowed_regions, w.allowed_regions AS workspace_regions
         FROM api_keys k JOIN workspaces w ON w.id = k.workspace_id
        WHERE k.prefix = $1 AND k.revoked_at IS NULL AND (k.expires_at IS NULL OR k.expires_at > now())`,
      [prefix],
    );
    const row = rows[0];
    return (
      row && {
        id: row.id,
        workspaceId: row.workspace_id,
        workspaceSlug: row.slug,
        prefix: row.prefix,
        secretHash: row.secret_hash,
        scopes: row.scopes,
        expiresAt: row.expires_at,
        keyRegions: row.allowed_regions,
        workspaceRegions: row.workspace_regions,
      }
    );
  }

  /** Whether the workspace has a key with this id (revoked ones included: budgets may still name them). */
  async existsInWorkspace(workspaceId: string, id: string): Promise<boolean> {
    return isUuid(id) && (await this.keys.existsBy({ workspaceId, id }));
  }

  /** Records a use at most once a minute per key, so authentication stays (nearly always) a read. */
  async recordUse(id: string): Promise<void> {
    await this.keys.query(`UPDATE api_keys SET last_used_at = now() WHERE id = $1 AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')`, [id]);
  }

  /** Revokes a key in the caller's transaction; the key when this call revoked it, null when it was gone or already revoked. */
  async revoke(manager: EntityManager, id: string): Promise<ApiKeyEntity | null> {
    const key = await manager.findOne(ApiKeyEntity, { where: { id } });
    if (!key || key.revokedAt) return null;
    await manager.update(ApiKeyEntity, { id }, { revokedAt: new Date() });
    return key;
  }
}
