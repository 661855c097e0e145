import { MODEL_RULES } from '@model-garden/contracts';
import { FollowsRule } from '../../../shared/validation.util';
import { ModelChangeCommand } from '../../models.command';

export class RotateModelApiKeyCommand extends ModelChangeCommand {
  @FollowsRule(MODEL_RULES.apiKey) apiKey!: string;
}
