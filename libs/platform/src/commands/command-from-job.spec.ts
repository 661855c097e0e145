import { CommandValidationError } from './base.command';
import { UnrecoverableError } from 'bullmq';
import { commandFromJob } from './command-from-job';

describe('commandFromJob', () => {
  it('returns the command built from valid job data', () => {
    expect(commandFromJob(() => ({ modelId: 'm' }))).toEqual({ modelId: 'm' });
  });

  it('fails the job for good when its data can never make a command, and lets other errors through to be retried', () => {
    const invalid = (): never => {
      throw new CommandValidationError([{ field: 'revision', message: 'revision must not be less than 1' }]);
    };
    expect(() => commandFromJob(invalid)).toThrow(UnrecoverableError);
    expect(() => commandFromJob(invalid)).toThrow('The request is invalid: check revision.');
    const transient = new Error('redis went away');
    expect(() =>
      commandFromJob(() => {
        throw transient;
      }),
    ).toThrow(transient);
  });
});
