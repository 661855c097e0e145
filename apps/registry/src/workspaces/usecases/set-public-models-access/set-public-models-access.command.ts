import { type PublicModelsAccess } from '@model-garden/contracts';

export interface SetPublicModelsAccessCommand {
  workspaceId: string;
  publicModelsAccess: PublicModelsAccess;
}
