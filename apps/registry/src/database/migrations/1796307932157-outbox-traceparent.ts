import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * The W3C `traceparent` of the change that wrote an outbox row (NULL when it was not
 * traced): the relay sends it in the Kafka message's headers, so the event's consumers
 * continue the trace of the request that caused it.
 */
export class OutboxTraceparent1796307932157 implements MigrationInterface {
  name = 'OutboxTraceparent1796307932157';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE outbox ADD COLUMN traceparent varchar(55)`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE outbox DROP COLUMN traceparent`);
  }
}
