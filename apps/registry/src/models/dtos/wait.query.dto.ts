import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

export const MAX_WAIT_SECONDS = 30;

/** `?wait=<seconds>`: hold the answer until validation finishes (at most 30 s). */
export class WaitQueryDto {
  @ApiPropertyOptional({
    minimum: 0,
    maximum: MAX_WAIT_SECONDS,
    description: 'Seconds to wait for the validation result before answering (the answer is 202 with status "validating" if it has not arrived)',
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'wait must be a whole number of seconds' })
  @Min(0, { message: 'wait must be between 0 and 30' })
  @Max(MAX_WAIT_SECONDS, { message: 'wait must be between 0 and 30' })
  wait?: number;
}
