import { AuthenticatedCommand } from '../../../auth/authenticated.command';

/** `GET /v1/workspace`: the calling key's workspace. */
export class GetCurrentWorkspaceCommand extends AuthenticatedCommand {}
