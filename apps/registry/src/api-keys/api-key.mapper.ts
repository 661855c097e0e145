import { type ApiKeyView } from '@model-garden/contracts';
import { type ApiKeyEntity } from './api-key.entity';

const iso = (date: Date | null): string | null => (date ? new Date(date).toISOString() : null);

/** A key as listed: never the secret, never its hash. */
export function toApiKeyView(key: ApiKeyEntity): ApiKeyView {
  return {
    id: key.id,
    workspaceId: key.workspaceId,
    label: key.label,
    prefix: key.prefix,
    scopes: key.scopes,
    allowedRegions: key.allowedRegions ?? null,
    expiresAt: iso(key.expiresAt),
    revokedAt: iso(key.revokedAt),
    lastUsedAt: iso(key.lastUsedAt),
    createdAt: new Date(key.createdAt).toISOString(),
  };
}
