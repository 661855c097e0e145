import { ModelCommand } from '../../models.command';

export class DeleteModelCommand extends ModelCommand {}
