import { EVENT_TYPES, type EventEnvelope } from '@model-garden/contracts';
import { BaseCommand, CommandValidationError } from '@model-garden/platform';
import { IsInt, IsNotEmpty, IsString, Min } from 'class-validator';

/** Which dispatch of a run to stop, checked when it is built from ExperimentRunCancelled. */
export class CancelRunCellsCommand extends BaseCommand {
  @IsString({ message: 'data.runId is missing' }) @IsNotEmpty({ message: 'data.runId is missing' }) runId!: string;
  @IsInt({ message: 'data.dispatch is not a positive integer' }) @Min(1, { message: 'data.dispatch is not a positive integer' }) dispatch!: number;

  /** The command, or why the event is malformed (it can never succeed, so it is not retried). */
  static fromEvent(event: EventEnvelope): { ok: true; command: CancelRunCellsCommand } | { ok: false; reason: string } {
    if (event.type !== EVENT_TYPES.experimentRunCancelled) return { ok: false, reason: `${event.type} is not ExperimentRunCancelled` };
    const data: unknown = event.data;
    if (typeof data !== 'object' || data === null || Array.isArray(data)) return { ok: false, reason: 'data.runId is missing' };
    const { runId, dispatch } = data as Record<string, unknown>;
    try {
      return { ok: true, command: CancelRunCellsCommand.create({ runId, dispatch }) };
    } catch (error) {
      if (!(error instanceof CommandValidationError)) throw error;
      return { ok: false, reason: [...new Set(error.details.map((d) => d.message))].join('; ') };
    }
  }
}
