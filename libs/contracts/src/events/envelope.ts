import { randomUUID } from 'node:crypto';
import { type EventType } from './event-types';

/** A CloudEvents 1.0 style envelope, serialised as JSON on Kafka. Never carries a secret. */
export interface EventEnvelope<TType extends EventType = EventType, TData = unknown> {
  specversion: '1.0';
  id: string;
  type: TType;
  /** The emitting service, e.g. `/model-garden/registry`. */
  source: string;
  /** ISO-8601 time of the change. */
  time: string;
  /** The entity the event is about (model id, API key id); also the Kafka message key. */
  subject: string;
  datacontenttype: 'application/json';
  data: TData;
}

export function createEnvelope<TType extends EventType, TData>(
  type: TType,
  source: string,
  subject: string,
  data: TData,
  options: { id?: string; time?: Date } = {},
): EventEnvelope<TType, TData> {
  return {
    specversion: '1.0',
    id: options.id ?? randomUUID(),
    type,
    source,
    time: (options.time ?? new Date()).toISOString(),
    subject,
    datacontenttype: 'application/json',
    data,
  };
}

/** Parses a Kafka message value into an envelope, or returns an error message saying what is wrong. */
export function parseEnvelope(raw: Buffer | string | null): { ok: true; event: EventEnvelope } | { ok: false; reason: string } {
  if (raw === null) return { ok: false, reason: 'empty message value' };
  let value: unknown;
  try {
    value = JSON.parse(typeof raw === 'string' ? raw : raw.toString('utf8'));
  } catch {
    return { ok: false, reason: 'message value is not JSON' };
  }
  if (typeof value !== 'object' || value === null) return { ok: false, reason: 'message value is not an object' };
  const candidate = value as Record<string, unknown>;
  for (const field of ['id', 'type', 'source', 'time', 'subject'] as const) {
    if (typeof candidate[field] !== 'string' || candidate[field] === '') {
      return { ok: false, reason: `envelope field "${field}" is missing or not a string` };
    }
  }
  if (candidate['specversion'] !== '1.0') return { ok: false, reason: 'envelope specversion must be "1.0"' };
  if (!('data' in candidate)) return { ok: false, reason: 'envelope field "data" is missing' };
  return { ok: true, event: value as EventEnvelope };
}
