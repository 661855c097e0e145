import { Injectable } from '@nestjs/common';
import { UsageRecordEntity } from '../../usage-record.entity';
import { UsageRepository } from '../../usage.repository';
import { type RecordUsageCommand } from './record-usage.command';

/** Stores one request's usage; the request id makes a redelivered event a no-op. */
@Injectable()
export class RecordUsageUseCase {
  constructor(private readonly usage: UsageRepository) {}

  async execute(command: RecordUsageCommand): Promise<'recorded' | 'duplicate'> {
    const record = Object.assign(new UsageRecordEntity(), {
      requestId: command.requestId,
      workspaceId: command.workspaceId,
      apiKeyId: command.apiKeyId,
      modelId: command.modelId,
      modelRef: command.modelRef,
      endpoint: command.endpoint,
      status: command.status,
      errorCode: command.errorCode ?? null,
      inputTokens: command.inputTokens,
      outputTokens: command.outputTokens,
      images: command.images ?? 0,
      estimated: command.estimated,
      costUsd: command.costUsd,
      latencyMs: Math.round(command.latencyMs),
      streamed: command.streamed,
      occurredAt: new Date(command.occurredAt),
      deploymentId: command.deploymentId ?? null,
      deploymentKey: command.deploymentKey ?? null,
      deploymentVersion: command.deploymentVersion ?? null,
      deploymentVariant: command.deploymentVariant ?? null,
      region: command.region ?? null,
    });
    return (await this.usage.insertIfNew(record)) ? 'recorded' : 'duplicate';
  }
}
