import { type ApiKeyScope, type Region } from '@model-garden/contracts';

/** Who is calling: the workspace API key that authenticated the request. */
export interface AuthContext {
  apiKeyId: string;
  workspaceId: string;
  workspaceSlug: string;
  scopes: ApiKeyScope[];
  prefix: string;
  expiresAt: Date | null;
  /** The key's own allowedRegions; null: it follows the workspace's. */
  keyRegions: Region[] | null;
  /** The regions whose models this key may use (workspace's narrowed by the key's); null: every region. */
  allowedRegions: Region[] | null;
}
