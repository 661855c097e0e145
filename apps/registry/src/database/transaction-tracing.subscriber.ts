import { type Context, context, trace } from '@opentelemetry/api';
import { type Span, SpanKind, tracer, tracingEnabled } from '@model-garden/platform';
import { type EntityManager, EventSubscriber, type EntitySubscriberInterface, type QueryRunner, type TransactionCommitEvent, type TransactionRollbackEvent, type TransactionStartEvent } from 'typeorm';

const SPAN_KEY = 'traceSpan';

/**
 * A client span per database transaction (BEGIN to COMMIT or ROLLBACK), child of the
 * request or event it serves. Rows written in the transaction (the outbox) record it
 * as their parent through `transactionContext`. Nothing happens with tracing off.
 */
@EventSubscriber()
export class TransactionTracingSubscriber implements EntitySubscriberInterface {
  afterTransactionStart(event: TransactionStartEvent): void {
    if (!tracingEnabled()) return;
    const span = tracer.startSpan('db transaction', { kind: SpanKind.CLIENT, attributes: { 'db.system.name': 'postgresql', 'db.operation.name': 'TRANSACTION' } });
    (event.queryRunner.data as Record<string, unknown>)[SPAN_KEY] = span;
  }

  afterTransactionCommit(event: TransactionCommitEvent): void {
    endSpan(event.queryRunner, false);
  }

  afterTransactionRollback(event: TransactionRollbackEvent): void {
    endSpan(event.queryRunner, true);
  }
}

function endSpan(runner: QueryRunner, rolledBack: boolean): void {
  const data = runner.data as Record<string, unknown>;
  const span = data[SPAN_KEY] as Span | undefined;
  if (!span) return;
  delete data[SPAN_KEY];
  if (rolledBack) span.setAttribute('db.transaction.outcome', 'rollback');
  span.end();
}

/** The active context with the transaction's span as the current span (the active context outside a traced transaction). */
export function transactionContext(manager: EntityManager): Context {
  const span = (manager.queryRunner?.data as Record<string, unknown> | undefined)?.[SPAN_KEY] as Span | undefined;
  return span ? trace.setSpan(context.active(), span) : context.active();
}
