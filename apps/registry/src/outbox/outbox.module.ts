import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { OutboxEventEntity } from './outbox-event.entity';
import { OutboxRelay } from './outbox-relay.worker';
import { OutboxRepository } from './outbox.repository';
import { OutboxService } from './outbox.service';

/** The transactional outbox: `OutboxService.append` in a use case's transaction, `OutboxRelay` publishing to Kafka. */
@Global()
@Module({
  imports: [TypeOrmModule.forFeature([OutboxEventEntity])],
  providers: [OutboxRepository, OutboxService, OutboxRelay],
  exports: [OutboxService, OutboxRelay],
})
export class OutboxModule {}
