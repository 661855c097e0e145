import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { type RecordUsageCommand } from './record-usage.command';

/** Stores one request's usage; the request id makes a redelivered event a no-op. */
@Injectable()
export class RecordUsageUseCase {
  constructor(private readonly dataSource: DataSource) {}

  async execute(command: RecordUsageCommand): Promise<'recorded' | 'duplicate'> {
    const rows: unknown[] = await this.dataSource.query(
      `INSERT INTO usage_records (request_id, workspace_id, api_key_id, model_id, model_ref, endpoint, status, error_code,
                                  input_tokens, output_tokens, images, estimated, cost_usd, latency_ms, streamed, occurred_at,
                                  deployment_id, deployment_key, deployment_version, deployment_variant)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20)
       ON CONFLICT (request_id) DO NOTHING
       RETURNING request_id`,
      [
        command.requestId,
        command.workspaceId,
        command.apiKeyId,
        command.modelId,
        command.modelRef,
        command.endpoint,
        command.status,
        command.errorCode ?? null,
        command.inputTokens,
        command.outputTokens,
        command.images ?? 0,
        command.estimated,
        command.costUsd,
        Math.round(command.latencyMs),
        command.streamed,
        new Date(command.occurredAt),
        command.deploymentId ?? null,
        command.deploymentKey ?? null,
        command.deploymentVersion ?? null,
        command.deploymentVariant ?? null,
      ],
    );
    return rows.length > 0 ? 'recorded' : 'duplicate';
  }
}
