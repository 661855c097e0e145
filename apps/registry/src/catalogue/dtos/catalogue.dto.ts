import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsOptional, Matches } from 'class-validator';
import { ModelResponseDto } from '../../models/dtos/model-response.dto';

export class ListCatalogueQueryDto {
  @ApiPropertyOptional({ example: 'groq', description: 'Only this provider' })
  @IsOptional()
  @Matches(/^[a-z0-9][a-z0-9-]{0,31}$/, { message: 'provider must be a provider id such as openai or groq' })
  provider?: string;
}

/** `PATCH /v1/catalogue/{provider}/{key}`. */
export class SetPublicModelEnabledDto {
  @ApiProperty({ example: false, description: 'Whether this workspace may use the model' })
  @IsBoolean({ message: 'enabled must be true or false' })
  enabled!: boolean;
}

export class CatalogueResponseDto {
  @ApiProperty({ type: [ModelResponseDto] })
  data!: ModelResponseDto[];
}
