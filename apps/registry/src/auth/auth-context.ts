import { type ApiKeyScope } from '@model-garden/contracts';

/** Who is calling: the workspace API key that authenticated the request. */
export interface AuthContext {
  apiKeyId: string;
  workspaceId: string;
  workspaceSlug: string;
  scopes: ApiKeyScope[];
  prefix: string;
  expiresAt: Date | null;
}
