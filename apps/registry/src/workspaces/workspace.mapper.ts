import { type WorkspaceView } from '@model-garden/contracts';
import { type WorkspaceEntity } from './workspace.entity';

export function toWorkspaceView(workspace: WorkspaceEntity): WorkspaceView {
  return {
    id: workspace.id,
    slug: workspace.slug,
    name: workspace.name,
    createdAt: new Date(workspace.createdAt).toISOString(),
    updatedAt: new Date(workspace.updatedAt).toISOString(),
  };
}
