export interface ListApiKeysCommand {
  workspaceId: string;
}
