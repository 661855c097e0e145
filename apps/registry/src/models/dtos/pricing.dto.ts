import { ApiPropertyOptional } from '@nestjs/swagger';
import { type ModelPricing } from '@model-garden/contracts';
import { IsOptional, Max, Min } from 'class-validator';
import { IsFiniteDecimal } from '../../shared/validation.util';

const PRICE_DECIMALS = 8;
const MAX_PRICE = 1_000_000;

/** Prices in USD. Token models use the per-million-token prices, image models the per-image price. */
export class PricingDto implements ModelPricing {
  @ApiPropertyOptional({ minimum: 0, maximum: MAX_PRICE, example: 0.59, description: 'USD per million input tokens (chat, completion, embedding models)' })
  @IsOptional()
  @IsFiniteDecimal(PRICE_DECIMALS, { message: 'inputPerMillionTokens must be a number (USD per million input tokens)' })
  @Min(0, { message: 'inputPerMillionTokens must not be negative' })
  @Max(MAX_PRICE, { message: `inputPerMillionTokens must not exceed ${MAX_PRICE}` })
  inputPerMillionTokens?: number;

  @ApiPropertyOptional({ minimum: 0, maximum: MAX_PRICE, example: 0.79, description: 'USD per million output tokens (chat, completion models)' })
  @IsOptional()
  @IsFiniteDecimal(PRICE_DECIMALS, { message: 'outputPerMillionTokens must be a number (USD per million output tokens)' })
  @Min(0, { message: 'outputPerMillionTokens must not be negative' })
  @Max(MAX_PRICE, { message: `outputPerMillionTokens must not exceed ${MAX_PRICE}` })
  outputPerMillionTokens?: number;

  @ApiPropertyOptional({ minimum: 0, maximum: MAX_PRICE, example: 0.04, description: 'USD per generated image (image models only)' })
  @IsOptional()
  @IsFiniteDecimal(PRICE_DECIMALS, { message: 'perImage must be a number (USD per image)' })
  @Min(0, { message: 'perImage must not be negative' })
  @Max(MAX_PRICE, { message: `perImage must not exceed ${MAX_PRICE}` })
  perImage?: number;
}
