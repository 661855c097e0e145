import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { type ApiKeyScope, type CreatedApiKeyView, type Region } from '@model-garden/contracts';
import { type EntityManager } from 'typeorm';
import { generateApiKey } from '../auth/api-key-secret.util';
import { ApiKeyEntity } from './api-key.entity';
import { toApiKeyView } from './api-key.mapper';

export interface IssueApiKeyInput {
  workspaceId: string;
  label: string;
  scopes: ApiKeyScope[];
  expiresAt: Date | null;
  /** Within the workspace's (the caller checks); omitted or null: the workspace's setting. */
  allowedRegions?: Region[] | null;
}

/** Makes a new workspace key in the caller's transaction; the secret exists only in the returned view. */
@Injectable()
export class ApiKeyIssuer {
  async issue(manager: EntityManager, input: IssueApiKeyInput): Promise<CreatedApiKeyView> {
    const generated = generateApiKey();
    const entity = Object.assign(new ApiKeyEntity(), {
      id: randomUUID(),
      workspaceId: input.workspaceId,
      label: input.label,
      prefix: generated.prefix,
      secretHash: generated.secretHash,
      scopes: [...new Set(input.scopes)],
      allowedRegions: input.allowedRegions ? [...new Set(input.allowedRegions)] : null,
      expiresAt: input.expiresAt,
      revokedAt: null,
      lastUsedAt: null,
      createdAt: new Date(),
    } satisfies ApiKeyEntity);
    await manager.insert(ApiKeyEntity, entity);
    return { ...toApiKeyView(entity), key: generated.key };
  }
}
