import { Injectable } from '@nestjs/common';
import { type UsageRequestsPage, type UsageRequestView } from '@model-garden/contracts';
import { decodeCursor, encodeCursor, invalidCursor } from '../../../shared/cursor.util';
import { RegistryException } from '../../../shared/registry.exception';
import { type UsageRequestRow, UsageRepository } from '../../usage.repository';
import { type ListUsageRequestsCommand } from './list-usage-requests.command';

const DAY_MS = 86_400_000;

/**
 * The per-request drill-down over [from, to) (default: the last 24 hours), newest first
 * with the request id breaking ties, filtered by model, deployment, API key, endpoint and
 * status class, one page at a time. The cursor is the last row's (time, request id), so
 * records arriving meanwhile never shift a page: a page holds exactly the records after
 * the previous one in that order. Raw records are kept USAGE_RAW_RETENTION_DAYS.
 */
@Injectable()
export class ListUsageRequestsUseCase {
  constructor(private readonly usage: UsageRepository) {}

  async execute(command: ListUsageRequestsCommand): Promise<UsageRequestsPage> {
    const to = command.to ? new Date(command.to) : new Date();
    const from = command.from ? new Date(command.from) : new Date(to.getTime() - DAY_MS);
    if (from.getTime() >= to.getTime()) throw RegistryException.field('from', 'from must be before to.');
    const after = command.cursor ? decodeCursor(command.cursor, ['t', 'id']) : undefined;
    if (after && Number.isNaN(Date.parse(after['t']!))) throw invalidCursor();
    const rows = await this.usage.requests({
      workspaceId: command.workspaceId,
      from,
      to,
      ...(command.model ? { model: command.model } : {}),
      ...(command.deployment ? { deployment: command.deployment } : {}),
      ...(command.apiKeyId ? { apiKeyId: command.apiKeyId } : {}),
      ...(command.endpoint ? { endpoint: command.endpoint } : {}),
      ...(command.statusClass ? { statusClass: Number(command.statusClass[0]) } : {}),
      ...(after ? { after: { occurredAt: after['t']!, requestId: after['id']! } } : {}),
      limit: command.limit + 1,
    });
    const page = rows.slice(0, command.limit);
    const last = page.at(-1);
    return {
      data: page.map(view),
      nextCursor: rows.length > command.limit && last ? encodeCursor({ t: last.occurred_at, id: last.request_id }) : null,
    };
  }
}

function view(row: UsageRequestRow): UsageRequestView {
  return {
    requestId: row.request_id,
    occurredAt: row.occurred_at,
    apiKeyId: row.api_key_id,
    modelId: row.model_id,
    modelRef: row.model_ref,
    endpoint: row.endpoint,
    status: row.status,
    errorCode: row.error_code,
    inputTokens: Number(row.input_tokens),
    outputTokens: Number(row.output_tokens),
    images: Number(row.images),
    estimated: row.estimated,
    costUsd: row.cost_usd,
    latencyMs: row.latency_ms,
    streamed: row.streamed,
    deploymentKey: row.deployment_key,
    deploymentVersion: row.deployment_version,
    deploymentVariant: row.deployment_variant,
  };
}
