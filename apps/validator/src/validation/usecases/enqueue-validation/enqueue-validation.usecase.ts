import { Injectable } from '@nestjs/common';
import { JOB_NAMES, QUEUES, validationJobId } from '@model-garden/contracts';
import { currentTraceparent, inSpan, SpanKind } from '@model-garden/platform';
import { ValidationQueues } from '../../../infrastructure/validation-queues';
import { type EnqueueValidationCommand } from './enqueue-validation.command';

/** `duplicate`: another event already enqueued this revision (a redelivery of the same event reads as `enqueued`, and is just as much a no-op). */
export type EnqueueValidationResult = { kind: 'enqueued'; jobId: string } | { kind: 'duplicate'; jobId: string } | { kind: 'not-needed' };

/**
 * One BullMQ job per model revision: the job id is the revision's, so a duplicate
 * or replayed event finds the job already there (waiting, running or finished) and
 * nothing runs twice.
 */
@Injectable()
export class EnqueueValidationUseCase {
  constructor(private readonly queues: ValidationQueues) {}

  async execute(command: EnqueueValidationCommand): Promise<EnqueueValidationResult> {
    if (!command.needsValidation) return { kind: 'not-needed' };
    const jobId = validationJobId(command.modelId, command.revision);
    const job = await inSpan('send model-validation', { kind: SpanKind.PRODUCER, attributes: { 'messaging.system': 'bullmq', 'messaging.destination.name': QUEUES.validation, 'messaging.message.id': jobId } }, () => {
      // The job carries the trace: its worker's span continues this one.
      const traceparent = currentTraceparent();
      return this.queues.validation.add(
        JOB_NAMES.validateModel,
        { modelId: command.modelId, workspaceId: command.workspaceId, revision: command.revision, eventId: command.eventId, ...(traceparent ? { traceparent } : {}) },
        { jobId },
      );
    });
    return job.data.eventId === command.eventId ? { kind: 'enqueued', jobId } : { kind: 'duplicate', jobId };
  }
}
