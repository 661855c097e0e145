import { ModelCommand } from '../../models.command';

export class GetModelCommand extends ModelCommand {}
