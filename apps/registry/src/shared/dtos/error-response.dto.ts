import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ERROR_CODES, type ErrorBody, type ErrorCode, type FieldError } from '@model-garden/contracts';

export class FieldErrorDto implements FieldError {
  @ApiProperty({ example: 'pricing.perImage', description: 'Path of the bad field' })
  field!: string;

  @ApiProperty({ example: 'pricing.perImage must not be less than 0' })
  message!: string;
}

export class ErrorDto {
  @ApiProperty({ enum: Object.values(ERROR_CODES), example: ERROR_CODES.validationFailed })
  code!: ErrorCode;

  @ApiProperty({ example: 'The request is invalid: check baseUrl, pricing.perImage.' })
  message!: string;

  @ApiPropertyOptional({ type: [FieldErrorDto], description: 'One entry per bad field (400 only)' })
  details?: FieldErrorDto[];

  @ApiPropertyOptional({ example: 'llama-3-1-8b-2', description: 'A value that would succeed (409 on a model key)' })
  suggestion?: string;
}

/** Every error the registry answers. */
export class ErrorResponseDto implements ErrorBody {
  @ApiProperty({ type: ErrorDto })
  error!: ErrorDto;
}
