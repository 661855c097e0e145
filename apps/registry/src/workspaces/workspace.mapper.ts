import { type WorkspaceView } from '@model-garden/contracts';
import { type WorkspaceEntity } from './workspace.entity';

/** `accessDefault`: PUBLIC_MODELS_ACCESS_DEFAULT, which a workspace without its own setting follows. */
export function toWorkspaceView(workspace: WorkspaceEntity, accessDefault: 'enabled' | 'disabled'): WorkspaceView {
  return {
    id: workspace.id,
    slug: workspace.slug,
    name: workspace.name,
    publicModelsAccess: workspace.publicModelsAccess ?? 'default',
    publicModelsEnabled: (workspace.publicModelsAccess ?? accessDefault) === 'enabled',
    createdAt: new Date(workspace.createdAt).toISOString(),
    updatedAt: new Date(workspace.updatedAt).toISOString(),
  };
}
