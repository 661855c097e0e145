export interface ListCatalogueCommand {
  workspaceId: string;
  provider?: string;
}
