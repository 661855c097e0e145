import { EVENT_TYPES, type EventEnvelope, type ModelChangedData, REVALIDATING_FIELDS } from '@model-garden/contracts';

/** The events that ask for a validation. */
export const VALIDATION_TRIGGERS: ReadonlySet<string> = new Set([EVENT_TYPES.modelAdded, EVENT_TYPES.modelUpdated, EVENT_TYPES.modelValidationRequested]);

/** What enqueuing a validation needs, checked when it is built from an event. */
export class EnqueueValidationCommand {
  private constructor(
    readonly eventId: string,
    readonly eventType: string,
    readonly modelId: string,
    readonly workspaceId: string,
    readonly revision: number,
    readonly changed: readonly string[] | undefined,
  ) {}

  /** The command for an event, or why the event is not one (or is malformed: it can never succeed, so it is not retried). */
  static fromEvent(event: EventEnvelope): { ok: true; command: EnqueueValidationCommand } | { ok: false; reason: string } {
    if (!VALIDATION_TRIGGERS.has(event.type)) return { ok: false, reason: `${event.type} does not ask for a validation` };
    const data = event.data as Partial<ModelChangedData> | null;
    if (typeof data !== 'object' || data === null) return { ok: false, reason: 'event data is not an object' };
    if (typeof data.modelId !== 'string' || data.modelId === '') return { ok: false, reason: 'data.modelId is missing' };
    if (typeof data.workspaceId !== 'string' || data.workspaceId === '') return { ok: false, reason: 'data.workspaceId is missing' };
    if (typeof data.revision !== 'number' || !Number.isInteger(data.revision) || data.revision < 1) return { ok: false, reason: 'data.revision is not a positive integer' };
    if (data.changed !== undefined && (!Array.isArray(data.changed) || !data.changed.every((field) => typeof field === 'string'))) {
      return { ok: false, reason: 'data.changed is not a list of field names' };
    }
    return { ok: true, command: new EnqueueValidationCommand(event.id, event.type, data.modelId, data.workspaceId, data.revision, data.changed) };
  }

  /** A ModelUpdated that names only fields which do not bump the revision (name, prices, defaults) needs no validation. */
  get needsValidation(): boolean {
    if (this.eventType !== EVENT_TYPES.modelUpdated || this.changed === undefined) return true;
    return this.changed.some((field) => (REVALIDATING_FIELDS as readonly string[]).includes(field));
  }
}
