import { AuthenticatedCommand } from '../../../auth/authenticated.command';

export class ListEvaluatorsCommand extends AuthenticatedCommand {}
