import { ModelChangeCommand } from '../../models.command';

export class RequestModelValidationCommand extends ModelChangeCommand {}
