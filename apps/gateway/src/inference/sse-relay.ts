import { type TokenUsage } from '@model-garden/providers';
import { isRecord } from './request-options.util';

const USAGE_KEY = Buffer.from('"usage"');
const DATA_FIELD = Buffer.from('data:');
const SPACE = 0x20;
const TAB = 0x09;
const COLON = 0x3a;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const LETTER_N = 0x6e;
const COMMA = 0x2c;
const LF = 0x0a;
const CR = 0x0d;
const NULL = Buffer.from('null');

export interface SseRelayOptions {
  /** Drop the usage-only chunk (`choices: []` with `usage`): the gateway asked for it, the client did not. */
  dropUsageChunk: boolean;
  /**
   * Remove the top-level `"usage": null` member of every chunk: the client did not set
   * `stream_options.include_usage`, so OpenAI's chunks carry no `usage` key at all (the
   * upstream adds `null` to each chunk only because the gateway asked for usage).
   */
  stripNullUsage: boolean;
  /** Parse every event to count output characters (the upstream will send no usage). */
  countOutput: boolean;
  /** Reads a chunk's usage where the provider puts it: the model's adapter (`adapter.readUsage`). */
  readUsage: (json: Record<string, unknown>) => TokenUsage | undefined;
  /** Largest single event (bytes without its blank line end); an event growing past it ends the stream. */
  maxEventBytes?: number;
  /** Largest total of the stream in bytes. */
  maxStreamBytes?: number;
}

/** An upstream stream broke one of the relay's limits; the message says which (safe to show the client). */
export class SseLimitExceeded extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SseLimitExceeded';
  }
}

/**
 * Passes an upstream SSE stream through chunk by chunk. Complete events go out as soon
 * as they arrive, as the very bytes received; only the tail of an event split across
 * two network chunks waits for its end (a client could not use half an event anyway).
 * Events are parsed only when they carry a usage object (to read it, and to drop the
 * usage-only chunk the client did not ask for) or when output must be counted because
 * no usage will come. An event with `"usage": null` that the client did not ask for loses
 * that member and nothing else (its other bytes are kept as received).
 *
 * Each byte is scanned for an event end once: a chunk without one is only appended
 * (no rescan of what waits), so an upstream that never ends its event costs linear
 * time, and it is cut as soon as the waiting bytes pass `maxEventBytes`.
 */
export class SseRelay {
  usage: TokenUsage | undefined;
  /** `data:` events seen (each content event is about one token). */
  events = 0;
  /** Characters of generated text and tool-call arguments (only with `countOutput`). */
  outputChars = 0;
  /** Bytes received so far. */
  bytes = 0;
  /** The start of an event whose end has not arrived yet, in arrival order. */
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private readonly maxEventBytes: number;
  private readonly maxStreamBytes: number;

  constructor(private readonly options: SseRelayOptions) {
    this.maxEventBytes = options.maxEventBytes ?? Number.POSITIVE_INFINITY;
    this.maxStreamBytes = options.maxStreamBytes ?? Number.POSITIVE_INFINITY;
  }

  /**
   * The bytes to send now for this upstream chunk, or undefined when nothing is complete
   * yet. Throws SseLimitExceeded when the stream or the waiting event passes its limit.
   */
  push(chunk: Buffer): Buffer | undefined {
    this.bytes += chunk.length;
    if (this.bytes > this.maxStreamBytes) throw new SseLimitExceeded(`the provider sent more than the gateway's limit of ${this.maxStreamBytes} bytes for one stream`);
    let end: number;
    if (this.pendingBytes === 0) {
      end = lastEventEnd(chunk);
    } else {
      // Only the new bytes are searched, plus the 3 before them in case a blank line straddles the two.
      const previous = this.pending[this.pending.length - 1];
      const overlap = Math.min(3, previous.length);
      const seam = Buffer.concat([previous.subarray(previous.length - overlap), chunk.subarray(0, Math.min(chunk.length, 3))]);
      end = Math.max(lastEventEnd(chunk), seamEnd(seam, overlap));
    }
    if (end === -1) {
      this.pending.push(chunk);
      this.pendingBytes += chunk.length;
      if (this.pendingBytes > this.maxEventBytes) throw this.eventTooLarge();
      return undefined;
    }
    let complete: Buffer;
    if (this.pendingBytes === 0) {
      complete = end === chunk.length ? chunk : chunk.subarray(0, end);
    } else {
      this.pending.push(end === chunk.length ? chunk : chunk.subarray(0, Math.max(0, end)));
      complete = Buffer.concat(this.pending);
    }
    this.pending = [];
    this.pendingBytes = 0;
    if (end < chunk.length) {
      const rest = chunk.subarray(end);
      this.pending.push(rest);
      this.pendingBytes = rest.length;
      if (this.pendingBytes > this.maxEventBytes) throw this.eventTooLarge();
    }
    return complete.length === 0 ? undefined : this.process(complete);
  }

  /** Whatever is left when the upstream ends (an event without its blank line). */
  finish(): Buffer | undefined {
    const rest = this.pending.length === 1 ? this.pending[0] : Buffer.concat(this.pending);
    this.pending = [];
    this.pendingBytes = 0;
    if (rest.length === 0) return undefined;
    return this.process(rest);
  }

  private eventTooLarge(): SseLimitExceeded {
    return new SseLimitExceeded(`the provider sent an event larger than the gateway's limit of ${this.maxEventBytes} bytes`);
  }

  private process(complete: Buffer): Buffer | undefined {
    this.events += countOccurrences(complete, DATA_FIELD);
    const kept = hasUsageObject(complete) || this.options.countOutput ? this.read(complete) : complete;
    if (kept === undefined || !this.options.stripNullUsage || !hasNullUsage(kept)) return kept;
    return withoutNullUsage(kept);
  }

  /** Reads usage (and output characters) from each event; drops the usage-only chunk the client did not ask for. */
  private read(complete: Buffer): Buffer | undefined {
    // Events alternate with the blank lines that end them, each kept as received.
    const parts = complete.toString('utf8').split(/(\r?\n\r?\n)/);
    let dropped = false;
    let out = '';
    for (let index = 0; index < parts.length; index += 2) {
      const block = parts[index];
      const json = block === '' ? undefined : parseEventData(block);
      if (json !== undefined) {
        const usage = this.options.readUsage(json);
        if (usage !== undefined) this.usage = usage;
        if (this.options.countOutput) this.outputChars += outputCharacters(json);
        if (usage !== undefined && this.options.dropUsageChunk && Array.isArray(json['choices']) && json['choices'].length === 0) {
          dropped = true;
          continue;
        }
      }
      out += block + (parts[index + 1] ?? '');
    }
    if (!dropped) return complete;
    return out === '' ? undefined : Buffer.from(out, 'utf8');
  }
}

/** The index just after the last blank line (`\n\n` or `\r\n\r\n`), or -1. */
export function lastEventEnd(data: Buffer): number {
  const lf = data.lastIndexOf('\n\n');
  const crlf = data.lastIndexOf('\r\n\r\n');
  return Math.max(lf === -1 ? -1 : lf + 2, crlf === -1 ? -1 : crlf + 4);
}

/**
 * The end of a blank line that straddles two chunks, as an index into the second chunk
 * (`seam` is the last `overlap` bytes of the first chunk then the first bytes of the
 * second), or -1.
 */
function seamEnd(seam: Buffer, overlap: number): number {
  const end = lastEventEnd(seam);
  return end > overlap ? end - overlap : -1;
}

function countOccurrences(data: Buffer, needle: Buffer): number {
  let count = 0;
  for (let index = data.indexOf(needle); index !== -1; index = data.indexOf(needle, index + needle.length)) count += 1;
  return count;
}

/** Whether a `"usage"` key with an object value (not `null`) occurs. */
export function hasUsageObject(data: Buffer): boolean {
  return hasUsageValueStartingWith(data, OPEN_BRACE);
}

/** Whether a `"usage"` key with the value `null` may occur (a cheap byte check; `withoutNullUsage` decides). */
export function hasNullUsage(data: Buffer): boolean {
  return hasUsageValueStartingWith(data, LETTER_N);
}

function hasUsageValueStartingWith(data: Buffer, first: number): boolean {
  for (let index = data.indexOf(USAGE_KEY); index !== -1; index = data.indexOf(USAGE_KEY, index + USAGE_KEY.length)) {
    let at = index + USAGE_KEY.length;
    while (data[at] === SPACE || data[at] === TAB) at += 1;
    if (data[at] !== COLON) continue;
    at += 1;
    while (data[at] === SPACE || data[at] === TAB) at += 1;
    if (data[at] === first) return true;
  }
  return false;
}

/**
 * The events without the `"usage": null` member of their top-level object (and the comma
 * that joined it), every other byte as received; `data` itself when there is none. Only
 * `data:` lines are read (a blank line ends an event); strings are skipped, so a `"usage"`
 * in generated text or in a nested object is never touched.
 */
export function withoutNullUsage(data: Buffer): Buffer {
  const cuts: Array<{ start: number; end: number }> = [];
  let depth = 0;
  let inString = false;
  let escaped = false;
  let stringStart = -1;
  for (let lineStart = 0; lineStart < data.length; ) {
    let lineEnd = data.indexOf(LF, lineStart);
    if (lineEnd === -1) lineEnd = data.length;
    const contentEnd = lineEnd > lineStart && data[lineEnd - 1] === CR ? lineEnd - 1 : lineEnd;
    if (contentEnd === lineStart) {
      depth = 0;
      inString = false;
      escaped = false;
    } else if (startsAt(data, lineStart, DATA_FIELD)) {
      for (let at = lineStart + DATA_FIELD.length; at < contentEnd; at += 1) {
        const c = data[at];
        if (inString) {
          if (escaped) escaped = false;
          else if (c === BACKSLASH) escaped = true;
          else if (c === QUOTE) {
            inString = false;
            if (depth === 1 && at + 1 - stringStart === USAGE_KEY.length && startsAt(data, stringStart, USAGE_KEY)) {
              const member = nullMember(data, stringStart, at + 1, lineStart + DATA_FIELD.length, contentEnd);
              if (member !== undefined) cuts.push(member);
            }
          }
        } else if (c === QUOTE) {
          inString = true;
          stringStart = at;
        } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
          depth += 1;
        } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
          depth -= 1;
        }
      }
    }
    lineStart = lineEnd + 1;
  }
  if (cuts.length === 0) return data;
  const pieces: Buffer[] = [];
  let from = 0;
  for (const cut of cuts) {
    pieces.push(data.subarray(from, cut.start));
    from = cut.end;
  }
  pieces.push(data.subarray(from));
  return Buffer.concat(pieces);
}

const isBlank = (c: number | undefined): boolean => c === SPACE || c === TAB;

/** Whether `data` holds `bytes` at `at` (no copy). */
function startsAt(data: Buffer, at: number, bytes: Buffer): boolean {
  return at + bytes.length <= data.length && data.compare(bytes, 0, bytes.length, at, at + bytes.length) === 0;
}

/**
 * The bytes to cut for a key at `keyStart` whose value is `null`: the member and one comma
 * beside it; undefined for another value. `from` and `to` bound the line's JSON.
 */
function nullMember(data: Buffer, keyStart: number, afterKey: number, from: number, to: number): { start: number; end: number } | undefined {
  let at = afterKey;
  while (at < to && isBlank(data[at])) at += 1;
  if (data[at] !== COLON) return undefined;
  at += 1;
  while (at < to && isBlank(data[at])) at += 1;
  if (at + NULL.length > to || !startsAt(data, at, NULL)) return undefined;
  const valueEnd = at + NULL.length;
  let next = valueEnd;
  while (next < to && isBlank(data[next])) next += 1;
  if (data[next] === COMMA) return { start: keyStart, end: next + 1 };
  if (data[next] !== CLOSE_BRACE) return undefined;
  // The last member: cut the comma before it instead (none when it is the only member).
  let before = keyStart - 1;
  while (before >= from && isBlank(data[before])) before -= 1;
  return { start: data[before] === COMMA ? before : keyStart, end: valueEnd };
}

/** The JSON object of an event's `data` lines, or undefined (`[DONE]`, comments, not JSON). */
export function parseEventData(block: string): Record<string, unknown> | undefined {
  let data = '';
  for (const line of block.split(/\r?\n/)) {
    if (!line.startsWith('data:')) continue;
    const value = line.charCodeAt(5) === SPACE ? line.slice(6) : line.slice(5);
    data = data === '' ? value : `${data}\n${value}`;
  }
  if (data === '' || data === '[DONE]') return undefined;
  try {
    const parsed: unknown = JSON.parse(data);
    return isRecord(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** Characters of text in a chunk or a response: message content, deltas, completion text, tool-call arguments. */
export function outputCharacters(json: Record<string, unknown>): number {
  const choices = json['choices'];
  if (!Array.isArray(choices)) return 0;
  let chars = 0;
  for (const choice of choices) {
    if (!isRecord(choice)) continue;
    if (typeof choice['text'] === 'string') chars += choice['text'].length;
    const message = isRecord(choice['delta']) ? choice['delta'] : isRecord(choice['message']) ? choice['message'] : undefined;
    if (message === undefined) continue;
    if (typeof message['content'] === 'string') chars += message['content'].length;
    const calls = message['tool_calls'];
    if (Array.isArray(calls)) {
      for (const call of calls) {
        const fn = isRecord(call) && isRecord(call['function']) ? call['function'] : undefined;
        if (fn === undefined) continue;
        if (typeof fn['arguments'] === 'string') chars += fn['arguments'].length;
        if (typeof fn['name'] === 'string') chars += fn['name'].length;
      }
    }
  }
  return chars;
}
