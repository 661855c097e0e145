import { EVENT_TYPES, type EventEnvelope } from '@model-garden/contracts';
import { BaseCommand, CommandValidationError } from '@model-garden/platform';
import { IsInt, IsNotEmpty, IsString, Min } from 'class-validator';

/** What enqueuing a run's cells needs, checked when it is built from ExperimentRunRequested. */
export class EnqueueRunCellsCommand extends BaseCommand {
  @IsString() @IsNotEmpty() eventId!: string;
  @IsString({ message: 'data.runId is missing' }) @IsNotEmpty({ message: 'data.runId is missing' }) runId!: string;
  @IsString({ message: 'data.workspaceId is missing' }) @IsNotEmpty({ message: 'data.workspaceId is missing' }) workspaceId!: string;
  @IsInt({ message: 'data.dispatch is not a positive integer' }) @Min(1, { message: 'data.dispatch is not a positive integer' }) dispatch!: number;

  /** The command, or why the event is malformed (it can never succeed, so it is not retried). */
  static fromEvent(event: EventEnvelope): { ok: true; command: EnqueueRunCellsCommand } | { ok: false; reason: string } {
    if (event.type !== EVENT_TYPES.experimentRunRequested) return { ok: false, reason: `${event.type} is not ExperimentRunRequested` };
    const data: unknown = event.data;
    if (typeof data !== 'object' || data === null || Array.isArray(data)) return { ok: false, reason: 'event data is not an object' };
    const { runId, workspaceId, dispatch } = data as Record<string, unknown>;
    try {
      return { ok: true, command: EnqueueRunCellsCommand.create({ eventId: event.id, runId, workspaceId, dispatch }) };
    } catch (error) {
      if (!(error instanceof CommandValidationError)) throw error;
      return { ok: false, reason: [...new Set(error.details.map((d) => d.message))].join('; ') };
    }
  }
}
