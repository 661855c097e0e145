import { EVENT_TYPES, type EventEnvelope, type ExperimentRunRequestedData } from '@model-garden/contracts';

/** What enqueuing a run's cells needs, checked when it is built from ExperimentRunRequested. */
export class EnqueueRunCellsCommand {
  private constructor(
    readonly eventId: string,
    readonly runId: string,
    readonly workspaceId: string,
    readonly dispatch: number,
  ) {}

  /** The command, or why the event is malformed (it can never succeed, so it is not retried). */
  static fromEvent(event: EventEnvelope): { ok: true; command: EnqueueRunCellsCommand } | { ok: false; reason: string } {
    if (event.type !== EVENT_TYPES.experimentRunRequested) return { ok: false, reason: `${event.type} is not ExperimentRunRequested` };
    const data = event.data as Partial<ExperimentRunRequestedData> | null;
    if (typeof data !== 'object' || data === null) return { ok: false, reason: 'event data is not an object' };
    if (typeof data.runId !== 'string' || data.runId === '') return { ok: false, reason: 'data.runId is missing' };
    if (typeof data.workspaceId !== 'string' || data.workspaceId === '') return { ok: false, reason: 'data.workspaceId is missing' };
    if (typeof data.dispatch !== 'number' || !Number.isInteger(data.dispatch) || data.dispatch < 1) return { ok: false, reason: 'data.dispatch is not a positive integer' };
    return { ok: true, command: new EnqueueRunCellsCommand(event.id, data.runId, data.workspaceId, data.dispatch) };
  }
}
