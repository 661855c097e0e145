import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { type BudgetScopeKind } from '@model-garden/contracts';
import { Repository } from 'typeorm';
import { BudgetLedgerEntryEntity } from './budget-ledger-entry.entity';

export interface LedgerTotals {
  amount: number;
  tokens: number;
  requests: number;
}

export interface CacheTotals {
  requests: number;
  hits: number;
  savedUsd: number;
}

/** The column a scope filters the ledger on (the workspace needs none). */
const SCOPE_FILTERS: Record<Exclude<BudgetScopeKind, 'workspace'>, string> = {
  api_key: 'api_key_id = $4',
  model: 'model_id = $4',
  deployment: 'deployment_id = $4::uuid',
};

const TOTALS = `SELECT COALESCE(SUM(cost_usd), 0)::float8 AS amount, COALESCE(SUM(tokens), 0)::float8 AS tokens, COUNT(*)::float8 AS requests
  FROM budget_ledger WHERE workspace_id = $1 AND occurred_at >= $2 AND ($3::timestamptz IS NULL OR occurred_at < $3)`;

/** Every query of `budget_ledger`: the durable record budgets count (and the cache's hits and savings). */
@Injectable()
export class BudgetLedgerRepository {
  constructor(@InjectRepository(BudgetLedgerEntryEntity) private readonly ledger: Repository<BudgetLedgerEntryEntity>) {}

  /**
   * Stores requests in one statement; returns the request ids that were new (a
   * redelivered event's id is already there; an id twice in `entries` is stored once).
   */
  async insertManyIfNew(entries: BudgetLedgerEntryEntity[]): Promise<Set<string>> {
    const inserted = new Set<string>();
    // PostgreSQL takes at most 65,535 parameters per statement: 10 per entry, 1,000 entries a statement.
    for (let from = 0; from < entries.length; from += 1_000) {
      for (const id of await this.insertChunk(entries.slice(from, from + 1_000))) inserted.add(id);
    }
    return inserted;
  }

  private async insertChunk(entries: BudgetLedgerEntryEntity[]): Promise<string[]> {
    const columns = ['request_id', 'workspace_id', 'api_key_id', 'model_id', 'deployment_id', 'cost_usd', 'tokens', 'cached', 'saved_cost_usd', 'occurred_at'];
    const params: unknown[] = [];
    const rows = entries.map((entry) => {
      const values = [entry.requestId, entry.workspaceId, entry.apiKeyId, entry.modelId, entry.deploymentId, entry.costUsd, entry.tokens, entry.cached, entry.savedCostUsd, entry.occurredAt];
      const placeholders = values.map((value) => `$${params.push(value)}`);
      return `(${placeholders.join(', ')})`;
    });
    const inserted: Array<{ request_id: string }> = await this.ledger.query(
      `INSERT INTO budget_ledger (${columns.join(', ')}) VALUES ${rows.join(', ')} ON CONFLICT (request_id) DO NOTHING RETURNING request_id`,
      params,
    );
    return inserted.map((row) => row.request_id);
  }

  /** What one scope consumed in [from, to) (to null: no end). */
  async totals(workspaceId: string, scope: { kind: BudgetScopeKind; targetId: string | null }, from: Date, to: Date | null): Promise<LedgerTotals> {
    const params: unknown[] = [workspaceId, from, to];
    let sql = TOTALS;
    if (scope.kind !== 'workspace') {
      sql = `${TOTALS} AND ${SCOPE_FILTERS[scope.kind]}`;
      params.push(scope.targetId);
    }
    const rows: Array<{ amount: number; tokens: number; requests: number }> = await this.ledger.query(sql, params);
    const row = rows[0] ?? { amount: 0, tokens: 0, requests: 0 };
    return { amount: Number(row.amount), tokens: Number(row.tokens), requests: Number(row.requests) };
  }

  /** Requests, cache hits and what the hits saved, in [from, to). */
  async cacheTotals(workspaceId: string, from: Date, to: Date): Promise<CacheTotals> {
    const rows: Array<{ requests: number; hits: number; saved: number }> = await this.ledger.query(
      `SELECT COUNT(*)::float8 AS requests, COUNT(*) FILTER (WHERE cached)::float8 AS hits, COALESCE(SUM(saved_cost_usd), 0)::float8 AS saved
         FROM budget_ledger WHERE workspace_id = $1 AND occurred_at >= $2 AND occurred_at < $3`,
      [workspaceId, from, to],
    );
    const row = rows[0] ?? { requests: 0, hits: 0, saved: 0 };
    return { requests: Number(row.requests), hits: Number(row.hits), savedUsd: Number(row.saved) };
  }
}
