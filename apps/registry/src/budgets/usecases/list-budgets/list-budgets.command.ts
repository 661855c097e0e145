import { AuthenticatedCommand } from '../../../auth/authenticated.command';

export class ListBudgetsCommand extends AuthenticatedCommand {}
