import { type CurrentWorkspaceView, type WorkspaceView } from '@model-garden/contracts';
import { type AuthContext } from '../auth/auth-context';
import { type WorkspaceEntity } from './workspace.entity';

/** `accessDefault`: PUBLIC_MODELS_ACCESS_DEFAULT, which a workspace without its own setting follows. */
export function toWorkspaceView(workspace: WorkspaceEntity, accessDefault: 'enabled' | 'disabled'): WorkspaceView {
  return {
    id: workspace.id,
    slug: workspace.slug,
    name: workspace.name,
    publicModelsAccess: workspace.publicModelsAccess ?? 'default',
    publicModelsEnabled: (workspace.publicModelsAccess ?? accessDefault) === 'enabled',
    allowedRegions: workspace.allowedRegions ?? null,
    createdAt: new Date(workspace.createdAt).toISOString(),
    updatedAt: new Date(workspace.updatedAt).toISOString(),
  };
}

/** The caller's workspace with what the calling key may use. */
export function toCurrentWorkspaceView(workspace: WorkspaceEntity, auth: Pick<AuthContext, 'apiKeyId' | 'keyRegions' | 'allowedRegions'>, accessDefault: 'enabled' | 'disabled'): CurrentWorkspaceView {
  return { ...toWorkspaceView(workspace, accessDefault), apiKey: { id: auth.apiKeyId, allowedRegions: auth.keyRegions, effectiveRegions: auth.allowedRegions } };
}
