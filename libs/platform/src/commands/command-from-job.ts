import type * as BullMq from 'bullmq';
import { CommandValidationError } from './base.command';

/**
 * The command of a BullMQ job, built from its data: data that cannot make a valid command
 * never will, so the job fails at once (UnrecoverableError) instead of spending its attempts.
 */
export function commandFromJob<T>(build: () => T): T {
  try {
    return build();
  } catch (error) {
    if (error instanceof CommandValidationError) {
      // Loaded here, not with the platform library: services without queues (the gateway) never load BullMQ.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { UnrecoverableError } = require('bullmq') as typeof BullMq;
      throw new UnrecoverableError(error.message);
    }
    throw error;
  }
}
