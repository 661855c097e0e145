export interface GetApiKeyCommand {
  workspaceId: string;
  id: string;
}
