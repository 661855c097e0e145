import { Global, Module } from '@nestjs/common';
import { OutboxRelay } from './outbox-relay.service';
import { OutboxService } from './outbox.service';

/** The transactional outbox: `OutboxService.append` in a use case's transaction, `OutboxRelay` publishing to Kafka. */
@Global()
@Module({ providers: [OutboxService, OutboxRelay], exports: [OutboxService, OutboxRelay] })
export class OutboxModule {}
