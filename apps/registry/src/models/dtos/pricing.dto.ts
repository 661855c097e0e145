import { ApiPropertyOptional } from '@nestjs/swagger';
import { type ModelPricing, PRICING_RULES, ruleSchema } from '@model-garden/contracts';
import { IsOptional } from 'class-validator';
import { FollowsRule } from '../../shared/validation.util';

/** Prices in USD. Token models use the per-million-token prices, image models the per-image price. */
export class PricingDto implements ModelPricing {
  @ApiPropertyOptional({ ...ruleSchema(PRICING_RULES.inputPerMillionTokens), example: 0.59, description: 'USD per million input tokens (chat, completion, embedding models)' })
  @IsOptional()
  @FollowsRule(PRICING_RULES.inputPerMillionTokens)
  inputPerMillionTokens?: number;

  @ApiPropertyOptional({ ...ruleSchema(PRICING_RULES.outputPerMillionTokens), example: 0.79, description: 'USD per million output tokens (chat, completion models)' })
  @IsOptional()
  @FollowsRule(PRICING_RULES.outputPerMillionTokens)
  outputPerMillionTokens?: number;

  @ApiPropertyOptional({ ...ruleSchema(PRICING_RULES.perImage), example: 0.04, description: 'USD per generated image (image models only)' })
  @IsOptional()
  @FollowsRule(PRICING_RULES.perImage)
  perImage?: number;
}
