import { Injectable } from '@nestjs/common';
import { createEnvelope, type EventEnvelope, type EventType, type TopicName } from '@model-garden/contracts';
import { currentTraceparent } from '@model-garden/platform';
import { type EntityManager } from 'typeorm';
import { transactionContext } from '../database/transaction-tracing.subscriber';
import { PgNotifications } from '../infrastructure/pg-notifications.service';
import { RegistryKafka } from '../infrastructure/kafka.provider';
import { OutboxRepository } from './outbox.repository';

export const REGISTRY_EVENT_SOURCE = '/model-garden/registry';

/**
 * Writes events into the outbox inside the caller's transaction: the event exists
 * if and only if the change it describes was committed. The NOTIFY queued with it
 * wakes the relay of every replica right after the commit.
 */
@Injectable()
export class OutboxService {
  constructor(
    private readonly kafka: RegistryKafka,
    private readonly notifications: PgNotifications,
    private readonly outbox: OutboxRepository,
  ) {}

  async append<TType extends EventType, TData>(
    manager: EntityManager,
    topic: TopicName,
    type: TType,
    subject: string,
    data: TData,
  ): Promise<EventEnvelope<TType, TData>> {
    const event = createEnvelope(type, REGISTRY_EVENT_SOURCE, subject, data);
    // The row keeps the trace of the change (its request or consumed event) for the relay to continue.
    const traceparent = currentTraceparent(transactionContext(manager)) ?? null;
    await this.outbox.append(manager, { id: event.id, topic: this.kafka.topic(topic), messageKey: subject, event, traceparent });
    await this.notifications.notify(manager, 'outbox');
    return event;
  }
}
