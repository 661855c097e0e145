import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { type EntityManager, Repository } from 'typeorm';
import { type QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { OutboxEventEntity } from './outbox-event.entity';

/** What a use case's transaction writes: the rest (seq, times, attempts) is the database's. */
export type NewOutboxEvent = Pick<OutboxEventEntity, 'id' | 'topic' | 'messageKey' | 'event' | 'traceparent'>;

/**
 * Every read and write of the outbox table, in `OutboxEventEntity` rows: the writers'
 * append and the relay's batch, publication, failure and cleanup queries.
 */
@Injectable()
export class OutboxRepository {
  constructor(@InjectRepository(OutboxEventEntity) private readonly outbox: Repository<OutboxEventEntity>) {}

  /** In the caller's transaction, so the event exists if and only if its change commits. */
  async append(manager: EntityManager, event: NewOutboxEvent): Promise<void> {
    // The envelope's `data` is `unknown` to TypeORM's deep-partial type; the jsonb column stores it as it is.
    await manager.insert(OutboxEventEntity, event as QueryDeepPartialEntity<OutboxEventEntity>);
  }

  /** The oldest unpublished rows, locked for this transaction; rows another relay holds are skipped. */
  async lockUnpublished(manager: EntityManager, limit: number): Promise<OutboxEventEntity[]> {
    return manager
      .createQueryBuilder(OutboxEventEntity, 'o')
      .where('o.publishedAt IS NULL')
      .orderBy('o.seq', 'ASC')
      .limit(limit)
      .setLock('pessimistic_write')
      .setOnLocked('skip_locked')
      .getMany();
  }

  /**
   * The message keys of `rows` that have an earlier unpublished row outside them (locked
   * by another relay): publishing those now would put one key's events out of order.
   */
  async keysHeldElsewhere(manager: EntityManager, rows: readonly OutboxEventEntity[]): Promise<Set<string>> {
    const lastSeqByKey = new Map<string, string>();
    for (const row of rows) lastSeqByKey.set(row.messageKey, row.seq);
    const blocked: { message_key: string }[] = await manager.query(
      `SELECT DISTINCT o.message_key FROM outbox o
         JOIN unnest($1::text[], $2::bigint[]) AS mine(message_key, last_seq) ON o.message_key = mine.message_key
        WHERE o.published_at IS NULL AND o.seq < mine.last_seq AND NOT (o.seq = ANY($3::bigint[]))`,
      [[...lastSeqByKey.keys()], [...lastSeqByKey.values()], rows.map((r) => r.seq)],
    );
    return new Set(blocked.map((b) => b.message_key));
  }

  async markPublished(manager: EntityManager, rows: readonly OutboxEventEntity[]): Promise<void> {
    await manager
      .createQueryBuilder()
      .update(OutboxEventEntity)
      .set({ publishedAt: () => 'now()', attempts: () => 'attempts + 1', lastError: null })
      .where('seq IN (:...seqs)', { seqs: rows.map((r) => r.seq) })
      .execute();
  }

  /** Counts a failed attempt, with its reason, on the next batch (rows another relay holds are skipped). */
  async recordFailure(message: string, limit: number): Promise<void> {
    await this.outbox.query(
      `UPDATE outbox SET attempts = attempts + 1, last_error = $1
        WHERE seq IN (SELECT seq FROM outbox WHERE published_at IS NULL ORDER BY seq LIMIT $2 FOR UPDATE SKIP LOCKED)`,
      [message, limit],
    );
  }

  /** Deletes rows published more than `hours` ago (by the database's clock). */
  async deletePublishedOlderThan(hours: number): Promise<void> {
    await this.outbox.createQueryBuilder().delete().from(OutboxEventEntity).where('published_at < now() - make_interval(hours => :hours)', { hours }).execute();
  }
}
