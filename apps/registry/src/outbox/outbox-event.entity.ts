import { type EventEnvelope } from '@model-garden/contracts';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** An event written in the same transaction as the change it describes; the relay publishes it to Kafka. */
@Entity({ name: 'outbox' })
export class OutboxEventEntity {
  /** Insertion order: the relay publishes in this order (per message key). */
  @PrimaryGeneratedColumn({ type: 'bigint' })
  seq!: string;

  @Column({ type: 'uuid' })
  id!: string;

  @Column({ type: 'varchar', length: 200 })
  topic!: string;

  @Column({ name: 'message_key', type: 'varchar', length: 200 })
  messageKey!: string;

  @Column({ type: 'jsonb' })
  event!: EventEnvelope;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'published_at', type: 'timestamptz', nullable: true })
  publishedAt!: Date | null;

  @Column({ type: 'integer' })
  attempts!: number;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError!: string | null;

  /** The W3C trace context of the change that wrote the row; the relay sends it in the message's headers. */
  @Column({ type: 'varchar', length: 55, nullable: true })
  traceparent!: string | null;
}
