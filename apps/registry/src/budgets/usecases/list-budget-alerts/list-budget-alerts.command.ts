import { AuthenticatedCommand } from '../../../auth/authenticated.command';

export class ListBudgetAlertsCommand extends AuthenticatedCommand {}
