import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  DEPLOYMENT_HEALTH,
  type DeploymentCacheInvalidation,
  RESPONSE_CACHE,
  type ResponseCacheSetting,
  type DeploymentHealth,
  type DeploymentHealthStatus,
  type DeploymentListPage,
  type DeploymentRouting,
  type DeploymentSummaryView,
  type DeploymentVersionListPage,
  type DeploymentVersionSummary,
  type DeploymentVersionView,
  type DeploymentView,
  type VariantHealthIssue,
  type VariantView,
} from '@model-garden/contracts';

export class VariantHealthIssueDto implements VariantHealthIssue {
  @ApiProperty({ example: 'concise' }) variant!: string;
  @ApiProperty({ example: 'acme@openailike/llama-3-1-8b' }) model!: string;
  @ApiProperty({ enum: ['model', 'fallback'] }) role!: 'model' | 'fallback';
  @ApiProperty({ example: 'failed', description: 'failed, degraded, validating, unavailable or missing' }) status!: string;
  @ApiProperty({ example: 'The provider rejected the API key (401).' }) reason!: string;
}

export class DeploymentHealthDto implements DeploymentHealth {
  @ApiProperty({ enum: DEPLOYMENT_HEALTH, description: 'healthy: every model serves; degraded: some model is not active but every variant can serve (itself or by a fallback); failing: some variant has no model that serves' })
  status!: DeploymentHealthStatus;
  @ApiProperty({ type: [VariantHealthIssueDto] }) issues!: VariantHealthIssueDto[];
}

export class DeploymentCacheSettingDto implements ResponseCacheSetting {
  @ApiProperty({ enum: [RESPONSE_CACHE.type] }) type!: typeof RESPONSE_CACHE.type;
  @ApiProperty({ example: RESPONSE_CACHE.defaultTtlSeconds, minimum: 1, maximum: RESPONSE_CACHE.maxTtlSeconds, description: 'Seconds an answer stays cached' }) ttl!: number;
}

export class DeploymentVersionDto implements DeploymentVersionView {
  @ApiProperty({ example: 3 }) version!: number;
  @ApiProperty({ type: String, nullable: true }) note!: string | null;
  @ApiProperty({ description: 'Id of the API key that published it' }) publishedBy!: string;
  @ApiProperty({ format: 'date-time' }) publishedAt!: string;
  @ApiProperty({ type: Number, nullable: true, description: 'The version this one restored' }) restoredFrom!: number | null;
  @ApiProperty({ type: 'array', items: { type: 'object' }, description: 'Variants as published, each model pinned as {id, ref, owner, type, provider}' }) variants!: VariantView[];
  @ApiProperty({ type: 'object', additionalProperties: true, description: '{rules, defaultVariant}' }) routing!: DeploymentRouting;
  @ApiProperty({ type: DeploymentCacheSettingDto, nullable: true, description: 'The exact-match response cache of this version\'s calls; null: not cached' }) cache!: DeploymentCacheSettingDto | null;
}

/** `POST /v1/deployments/{key}/cache/invalidate`. */
export class DeploymentCacheInvalidationDto implements DeploymentCacheInvalidation {
  @ApiProperty({ example: 'customer-support' }) key!: string;
  @ApiProperty({ example: 3, description: 'The deployment\'s cache generation now: answers cached under an earlier one are never served again' }) generation!: number;
  @ApiProperty({ format: 'date-time' }) invalidatedAt!: string;
}

export class DeploymentResponseDto implements DeploymentView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'customer-support' }) key!: string;
  @ApiProperty({ type: String, nullable: true }) description!: string | null;
  @ApiProperty({ example: 3 }) currentVersion!: number;
  @ApiProperty({ type: DeploymentVersionDto }) current!: DeploymentVersionDto;
  @ApiProperty({ type: DeploymentHealthDto }) health!: DeploymentHealthDto;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class DeploymentVariantRefDto {
  @ApiProperty({ example: 'concise' }) key!: string;
  @ApiProperty({ example: 'acme@openailike/llama-3-1-8b' }) model!: string;
}

export class DeploymentSummaryDto implements DeploymentSummaryView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() key!: string;
  @ApiProperty({ type: String, nullable: true }) description!: string | null;
  @ApiProperty() currentVersion!: number;
  @ApiProperty({ type: [DeploymentVariantRefDto] }) variants!: DeploymentVariantRefDto[];
  @ApiProperty({ type: DeploymentHealthDto }) health!: DeploymentHealthDto;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class DeploymentListResponseDto implements DeploymentListPage {
  @ApiProperty({ type: [DeploymentSummaryDto] }) data!: DeploymentSummaryDto[];
  @ApiPropertyOptional({ type: String, nullable: true }) nextCursor!: string | null;
}

export class DeploymentVersionSummaryDto implements DeploymentVersionSummary {
  @ApiProperty() version!: number;
  @ApiProperty({ type: String, nullable: true }) note!: string | null;
  @ApiProperty() publishedBy!: string;
  @ApiProperty({ format: 'date-time' }) publishedAt!: string;
  @ApiProperty({ type: Number, nullable: true }) restoredFrom!: number | null;
  @ApiProperty({ type: [String], example: ['concise', 'detailed'] }) variants!: string[];
  @ApiProperty() current!: boolean;
}

export class DeploymentVersionListResponseDto implements DeploymentVersionListPage {
  @ApiProperty({ type: [DeploymentVersionSummaryDto] }) data!: DeploymentVersionSummaryDto[];
  @ApiPropertyOptional({ type: String, nullable: true }) nextCursor!: string | null;
}
