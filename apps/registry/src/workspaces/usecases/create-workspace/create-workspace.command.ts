export interface CreateWorkspaceCommand {
  slug: string;
  name: string;
}
