export interface GetPublicModelCommand {
  workspaceId: string;
  provider: string;
  key: string;
}
