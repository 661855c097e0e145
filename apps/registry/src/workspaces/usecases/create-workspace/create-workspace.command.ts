import { type PublicModelsAccess } from '@model-garden/contracts';

export interface CreateWorkspaceCommand {
  slug: string;
  name: string;
  /** The operator's public-model access for it; omitted: the default. */
  publicModelsAccess?: PublicModelsAccess;
}
