import { EVENT_TYPES, type EventEnvelope, REVALIDATING_FIELDS } from '@model-garden/contracts';
import { BaseCommand, CommandValidationError } from '@model-garden/platform';
import { IsArray, IsIn, IsInt, IsNotEmpty, IsOptional, IsString, Min } from 'class-validator';

/** The events that ask for a validation. */
export const VALIDATION_TRIGGERS: ReadonlySet<string> = new Set([EVENT_TYPES.modelAdded, EVENT_TYPES.modelUpdated, EVENT_TYPES.modelValidationRequested]);

/** What enqueuing a validation needs, checked when it is built from an event. */
export class EnqueueValidationCommand extends BaseCommand {
  @IsString() @IsNotEmpty() eventId!: string;
  @IsIn([...VALIDATION_TRIGGERS], { message: 'the event does not ask for a validation' }) eventType!: string;
  @IsString({ message: 'data.modelId is missing' }) @IsNotEmpty({ message: 'data.modelId is missing' }) modelId!: string;
  @IsString({ message: 'data.workspaceId is missing' }) @IsNotEmpty({ message: 'data.workspaceId is missing' }) workspaceId!: string;
  @IsInt({ message: 'data.revision is not a positive integer' }) @Min(1, { message: 'data.revision is not a positive integer' }) revision!: number;
  @IsOptional()
  @IsArray({ message: 'data.changed is not a list of field names' })
  @IsString({ each: true, message: 'data.changed is not a list of field names' })
  changed?: string[];

  /**
   * The command for an event, or why the event is not one: `malformed` when it is a
   * validation trigger whose data is wrong (it can never succeed: the consumer parks it
   * on the dead-letter topic), not when it is simply another type of event.
   */
  static fromEvent(event: EventEnvelope): { ok: true; command: EnqueueValidationCommand } | { ok: false; malformed: boolean; reason: string } {
    if (!VALIDATION_TRIGGERS.has(event.type)) return { ok: false, malformed: false, reason: `${event.type} does not ask for a validation` };
    const data: unknown = event.data;
    if (typeof data !== 'object' || data === null || Array.isArray(data)) return { ok: false, malformed: true, reason: 'event data is not an object' };
    const { modelId, workspaceId, revision, changed } = data as Record<string, unknown>;
    try {
      return { ok: true, command: EnqueueValidationCommand.create({ eventId: event.id, eventType: event.type, modelId, workspaceId, revision, changed }) };
    } catch (error) {
      if (!(error instanceof CommandValidationError)) throw error;
      return { ok: false, malformed: true, reason: [...new Set(error.details.map((d) => d.message))].join('; ') };
    }
  }

  /** A ModelUpdated that names only fields which do not bump the revision (name, prices, defaults) needs no validation. */
  get needsValidation(): boolean {
    if (this.eventType !== EVENT_TYPES.modelUpdated || this.changed === undefined) return true;
    return this.changed.some((field) => (REVALIDATING_FIELDS as readonly string[]).includes(field));
  }
}
