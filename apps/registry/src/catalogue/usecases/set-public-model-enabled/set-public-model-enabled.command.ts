export interface SetPublicModelEnabledCommand {
  workspaceId: string;
  provider: string;
  key: string;
  enabled: boolean;
}
