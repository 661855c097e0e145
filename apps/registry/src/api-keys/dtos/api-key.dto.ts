import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { API_KEY_SCOPES, type ApiKeyScope, type ApiKeyView, type CreatedApiKeyView, REGIONS, type Region } from '@model-garden/contracts';
import { ArrayMaxSize, ArrayNotEmpty, ArrayUnique, IsArray, IsIn, IsISO8601, IsOptional, IsString, Length, Matches } from 'class-validator';

/** `POST /v1/api-keys`. */
export class CreateApiKeyDto {
  @ApiProperty({ minLength: 1, maxLength: 100, example: 'ci pipeline' })
  @IsString({ message: 'label must be a string' })
  @Length(1, 100, { message: 'label must be 1 to 100 characters' })
  @Matches(/\S/, { message: 'label must not be blank' })
  label!: string;

  @ApiProperty({ enum: API_KEY_SCOPES, isArray: true, example: ['inference'], description: 'A key can only grant scopes the calling key holds' })
  @IsArray({ message: 'scopes must be an array' })
  @ArrayNotEmpty({ message: 'scopes must name at least one scope' })
  @ArrayMaxSize(API_KEY_SCOPES.length, { message: `scopes may name at most ${API_KEY_SCOPES.length} scopes` })
  @ArrayUnique({ message: 'scopes must not repeat a scope' })
  @IsIn(API_KEY_SCOPES, { each: true, message: `each scope must be one of: ${API_KEY_SCOPES.join(', ')}` })
  scopes!: ApiKeyScope[];

  @ApiPropertyOptional({ format: 'date-time', nullable: true, description: 'When the key stops working (must be in the future); omit for no expiry' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'expiresAt must be an ISO-8601 date-time such as 2030-01-01T00:00:00Z' })
  expiresAt?: string | null;

  @ApiPropertyOptional({
    enum: REGIONS,
    isArray: true,
    nullable: true,
    example: ['eu'],
    description: "The regions whose models the key may use. It can only narrow the workspace's allowedRegions (422 naming allowedRegions otherwise); omit or null to follow the workspace's setting.",
  })
  @IsOptional()
  @IsArray({ message: 'allowedRegions must be an array of regions, or null for the workspace’s setting' })
  @ArrayNotEmpty({ message: 'allowedRegions must name at least one region; omit it (or send null) to follow the workspace’s setting' })
  @ArrayUnique({ message: 'allowedRegions must not repeat a region' })
  @IsIn(REGIONS, { each: true, message: `each of allowedRegions must be one of: ${REGIONS.join(', ')}` })
  allowedRegions?: Region[] | null;
}

export class ApiKeyResponseDto implements ApiKeyView {
  @ApiProperty() id!: string;
  @ApiProperty() workspaceId!: string;
  @ApiProperty() label!: string;
  @ApiProperty({ example: 'k3v9q2m8x1ab', description: 'The visible part of the key: mgk_<prefix>_…' }) prefix!: string;
  @ApiProperty({ enum: API_KEY_SCOPES, isArray: true }) scopes!: ApiKeyScope[];
  @ApiProperty({ enum: REGIONS, isArray: true, nullable: true, description: "The regions whose models the key may use, within its workspace's; null: the workspace's setting" })
  allowedRegions!: Region[] | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) expiresAt!: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) revokedAt!: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) lastUsedAt!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class CreatedApiKeyResponseDto extends ApiKeyResponseDto implements CreatedApiKeyView {
  @ApiProperty({ example: 'mgk_k3v9q2m8x1ab_…', description: 'The secret key. Shown once: store it now.' })
  key!: string;
}

export class ApiKeyListResponseDto {
  @ApiProperty({ type: [ApiKeyResponseDto] })
  data!: ApiKeyResponseDto[];
}
