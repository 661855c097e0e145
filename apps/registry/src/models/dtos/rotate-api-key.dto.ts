import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length, Matches } from 'class-validator';
import { NO_SPACES } from './create-model.dto';

/** `PUT /v1/models/{id}/api-key`. */
export class RotateModelApiKeyDto {
  @ApiProperty({ writeOnly: true, maxLength: 1024, example: 'gsk_...' })
  @IsString({ message: 'apiKey must be a string' })
  @Length(1, 1024, { message: 'apiKey must be 1 to 1024 characters' })
  @Matches(NO_SPACES, { message: 'apiKey must not contain spaces' })
  apiKey!: string;
}
