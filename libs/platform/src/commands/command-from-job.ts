import { UnrecoverableError } from 'bullmq';
import { CommandValidationError } from './base.command';

/**
 * The command of a BullMQ job, built from its data: data that cannot make a valid command
 * never will, so the job fails at once (UnrecoverableError) instead of spending its attempts.
 */
export function commandFromJob<T>(build: () => T): T {
  try {
    return build();
  } catch (error) {
    if (error instanceof CommandValidationError) throw new UnrecoverableError(error.message);
    throw error;
  }
}
