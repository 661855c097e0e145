export interface RevokeApiKeyCommand {
  workspaceId: string;
  id: string;
}
