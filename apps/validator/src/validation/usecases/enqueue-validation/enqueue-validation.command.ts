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

  /**
   * The command for an event, or why the event is not one: `malformed` when it is a
   * validation trigger whose data is wrong (it can never succeed: the consumer parks it
   * on the dead-letter topic), not when it is simply another type of event.
   */
  static fromEvent(event: EventEnvelope): { ok: true; command: EnqueueValidationCommand } | { ok: false; malformed: boolean; reason: string } {
    if (!VALIDATION_TRIGGERS.has(event.type)) return { ok: false, malformed: false, reason: `${event.type} does not ask for a validation` };
    const malformed = (reason: string) => ({ ok: false as const, malformed: true, reason });
    const data = event.data as Partial<ModelChangedData> | null;
    if (typeof data !== 'object' || data === null) return malformed('event data is not an object');
    if (typeof data.modelId !== 'string' || data.modelId === '') return malformed('data.modelId is missing');
    if (typeof data.workspaceId !== 'string' || data.workspaceId === '') return malformed('data.workspaceId is missing');
    if (typeof data.revision !== 'number' || !Number.isInteger(data.revision) || data.revision < 1) return malformed('data.revision is not a positive integer');
    if (data.changed !== undefined && (!Array.isArray(data.changed) || !data.changed.every((field) => typeof field === 'string'))) {
      return malformed('data.changed is not a list of field names');
    }
    return { ok: true, command: new EnqueueValidationCommand(event.id, event.type, data.modelId, data.workspaceId, data.revision, data.changed) };
  }

  /** A ModelUpdated that names only fields which do not bump the revision (name, prices, defaults) needs no validation. */
  get needsValidation(): boolean {
    if (this.eventType !== EVENT_TYPES.modelUpdated || this.changed === undefined) return true;
    return this.changed.some((field) => (REVALIDATING_FIELDS as readonly string[]).includes(field));
  }
}
