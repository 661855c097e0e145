import { ApiProperty } from '@nestjs/swagger';
import { MODEL_RULES, ruleSchema } from '@model-garden/contracts';
import { FollowsRule } from '../../shared/validation.util';

/** `PUT /v1/models/{id}/api-key`: the rule of `apiKey` in `POST /v1/models`. */
export class RotateModelApiKeyDto {
  @ApiProperty({ ...ruleSchema(MODEL_RULES.apiKey), writeOnly: true, example: 'gsk_...' })
  @FollowsRule(MODEL_RULES.apiKey)
  apiKey!: string;
}
