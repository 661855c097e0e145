import { EVENT_TYPES, type EventEnvelope, type ExperimentRunCancelledData } from '@model-garden/contracts';

export class CancelRunCellsCommand {
  private constructor(
    readonly runId: string,
    readonly dispatch: number,
  ) {}

  static fromEvent(event: EventEnvelope): { ok: true; command: CancelRunCellsCommand } | { ok: false; reason: string } {
    if (event.type !== EVENT_TYPES.experimentRunCancelled) return { ok: false, reason: `${event.type} is not ExperimentRunCancelled` };
    const data = event.data as Partial<ExperimentRunCancelledData> | null;
    if (typeof data !== 'object' || data === null || typeof data.runId !== 'string' || data.runId === '') return { ok: false, reason: 'data.runId is missing' };
    if (typeof data.dispatch !== 'number' || !Number.isInteger(data.dispatch) || data.dispatch < 1) return { ok: false, reason: 'data.dispatch is not a positive integer' };
    return { ok: true, command: new CancelRunCellsCommand(data.runId, data.dispatch) };
  }
}
