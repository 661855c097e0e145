import { appendFileSync, closeSync, mkdirSync, openSync, readdirSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { type IHeaders, type Message } from 'kafkajs';

const LOCK_FILE = 'journal.lock';
const SEGMENT_PREFIX = 'usage-';
const SEGMENT_SUFFIX = '.jsonl';
/** The header of a usage message that holds its event id (`EventPublisher.message`). */
const ID_HEADER = 'ce-id';
/** Directories held by a journal of this process: the pid in the lock file cannot tell two of them apart. */
const heldByThisProcess = new Set<string>();

/**
 * One file of the journal: the events appended while it was current (`appended`), and how
 * many of them are not settled yet (published to Kafka, or dropped). A sealed segment
 * whose events are all settled is deleted.
 */
export class JournalSegment {
  appended = 0;
  unsettled = 0;
  sealed = false;

  constructor(
    readonly path: string,
    public fd: number | undefined,
  ) {}
}

/** What a journal found left by the previous process in its directory. */
export interface JournalLeftovers {
  /** The messages, oldest first, each with the segment it settles. */
  messages: Message[];
  segments: JournalSegment[];
  /** Lines that could not be read (a write cut by the kill); skipped. */
  unreadable: number;
}

/** A journal's directory is held by another live process. */
export class JournalDirectoryInUse extends Error {}

/**
 * The gateway's usage journal: every usage event's Kafka message, appended as one JSON
 * line with a synchronous write(2) to a file opened O_APPEND before the client has the
 * complete answer. What write(2) returned is the kernel's: it survives a SIGKILL of the
 * process (not a machine crash: there is no fsync). Events are appended to the current
 * segment; `seal` closes it and opens the next (the recorder seals at every flush); a
 * sealed segment is deleted once every event in it is settled (published, or dropped
 * from the bounded queue: a line then names the dropped ones). At start, the segments
 * left by the previous process are read back (`open`) for publishing again: the registry
 * keeps one usage record per request id, so an event published twice counts once.
 *
 * A lock file with the pid keeps two live processes from sharing a directory.
 */
export class UsageJournal {
  private current: JournalSegment | undefined;
  private sequence = 0;
  private readonly life = Date.now().toString(36);
  private segments = 0;
  private locked = false;

  constructor(
    readonly dir: string,
    /** Told the number of segment files whenever it changes (a gauge). */
    private readonly onSegments: (count: number) => void = () => undefined,
  ) {}

  /** Takes the directory (creating it), reads what a previous process left, and opens a fresh segment. */
  open(): JournalLeftovers {
    mkdirSync(this.dir, { recursive: true });
    this.lock();
    const leftovers = this.readLeftovers();
    this.segments = leftovers.segments.length;
    this.current = this.newSegment();
    return leftovers;
  }

  /**
   * Appends one message; returns the segment that holds it (to settle it later), or
   * throws when the write failed (disk full, the directory gone): the caller keeps the
   * event in memory without it.
   */
  append(message: Message): JournalSegment {
    const segment = this.current;
    if (segment?.fd === undefined) throw new Error('the usage journal is not open');
    if (typeof message.value !== 'string') throw new Error('a usage message to journal must be its envelope as JSON text');
    // The envelope goes in as it is (it is JSON already): escaping it into a string would cost about 2 µs per event.
    writeLine(segment.fd, `{"k":${JSON.stringify(message.key)},"h":${JSON.stringify(message.headers)},"v":${message.value}}\n`);
    segment.appended += 1;
    segment.unsettled += 1;
    return segment;
  }

  /** Closes the current segment (when it holds events) and opens the next; an already settled one is deleted. */
  seal(): void {
    const segment = this.current;
    if (segment === undefined || segment.appended === 0) return;
    this.current = this.newSegment();
    this.close(segment);
  }

  /** One event of `segment` was published or dropped. */
  settle(segment: JournalSegment): void {
    segment.unsettled -= 1;
    if (segment.unsettled === 0 && segment.sealed) this.remove(segment);
  }

  /**
   * These events were dropped from the queue (its bound): each segment that holds some
   * gets a line naming them (`{"d": [event ids]}`), so that a later start does not publish
   * them, and they are settled. Only when the queue overflows (Kafka down for long).
   */
  discard(origins: ReadonlyArray<JournalSegment | undefined>, messages: readonly Message[]): void {
    const dropped = new Map<JournalSegment, string[]>();
    origins.forEach((segment, index) => {
      if (segment === undefined) return;
      const ids = dropped.get(segment) ?? [];
      ids.push(String(messages[index].headers?.[ID_HEADER]));
      dropped.set(segment, ids);
    });
    for (const [segment, ids] of dropped) {
      if (segment.unsettled > ids.length || !segment.sealed) {
        const line = JSON.stringify({ d: ids }) + '\n';
        if (segment.fd !== undefined) writeLine(segment.fd, line);
        else appendFileSync(segment.path, line);
      }
      for (let i = 0; i < ids.length; i += 1) this.settle(segment);
    }
  }

  /** How many segment files are on disk. */
  get segmentCount(): number {
    return this.segments;
  }

  /**
   * At shutdown: closes the current segment (deleted when everything in it is settled;
   * kept for the next start otherwise) and releases the directory.
   */
  shutdown(): void {
    const segment = this.current;
    this.current = undefined;
    if (segment !== undefined) this.close(segment);
    if (this.locked) {
      this.locked = false;
      heldByThisProcess.delete(this.dir);
      try {
        unlinkSync(join(this.dir, LOCK_FILE));
      } catch {
        // Already gone: nothing to release.
      }
    }
  }

  private close(segment: JournalSegment): void {
    segment.sealed = true;
    if (segment.fd !== undefined) closeSync(segment.fd);
    segment.fd = undefined;
    if (segment.unsettled === 0) this.remove(segment);
  }

  private newSegment(): JournalSegment {
    this.sequence += 1;
    // Names sort in the order they were written: this life's start, then its sequence.
    const path = join(this.dir, `${SEGMENT_PREFIX}${this.life.padStart(10, '0')}-${String(this.sequence).padStart(8, '0')}${SEGMENT_SUFFIX}`);
    const segment = new JournalSegment(path, openSync(path, 'a'));
    this.setSegments(this.segments + 1);
    return segment;
  }

  private remove(segment: JournalSegment): void {
    try {
      unlinkSync(segment.path);
    } catch {
      // Already gone: nothing to delete.
    }
    this.setSegments(this.segments - 1);
  }

  private setSegments(count: number): void {
    this.segments = count;
    this.onSegments(count);
  }

  private readLeftovers(): JournalLeftovers {
    const leftovers: JournalLeftovers = { messages: [], segments: [], unreadable: 0 };
    const names = readdirSync(this.dir)
      .filter((name) => name.startsWith(SEGMENT_PREFIX) && name.endsWith(SEGMENT_SUFFIX))
      .sort();
    for (const name of names) {
      const segment = new JournalSegment(join(this.dir, name), undefined);
      segment.sealed = true;
      const messages: Message[] = [];
      const dropped = new Set<string>();
      for (const line of readFileSync(segment.path, 'utf8').split('\n')) {
        if (line === '') continue;
        const entry = parseLine(line);
        if (entry === undefined) leftovers.unreadable += 1;
        else if (Array.isArray(entry)) for (const id of entry) dropped.add(id);
        else messages.push(entry);
      }
      for (const message of messages) {
        if (dropped.has(String(message.headers?.[ID_HEADER]))) continue;
        leftovers.messages.push(message);
        segment.appended += 1;
        segment.unsettled += 1;
      }
      if (segment.appended > 0) leftovers.segments.push(segment);
      else unlinkSync(segment.path);
    }
    return leftovers;
  }

  /** Writes this process's pid to the lock file, unless a live process other than this one holds it. */
  private lock(): void {
    const path = join(this.dir, LOCK_FILE);
    if (heldByThisProcess.has(this.dir)) throw inUse(this.dir, process.pid);
    for (let attempt = 0; ; attempt += 1) {
      try {
        const fd = openSync(path, 'wx');
        writeLine(fd, `${process.pid}\n`);
        closeSync(fd);
        break;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 0) throw error;
      }
      const holder = Number.parseInt(readOr(path, ''), 10);
      if (Number.isInteger(holder) && holder !== process.pid && alive(holder)) throw inUse(this.dir, holder);
      // Stale: its process is gone, or it is this pid (a container's PID 1 again after a restart).
      unlinkSync(path);
    }
    this.locked = true;
    heldByThisProcess.add(this.dir);
  }
}

/** One write(2) of the line (a regular file takes it whole); the rest again in the rare case it did not. */
function writeLine(fd: number, line: string): void {
  const written = writeSync(fd, line);
  if (written === line.length) return;
  const bytes = Buffer.from(line, 'utf8');
  for (let done = written; done < bytes.length; ) done += writeSync(fd, bytes, done, bytes.length - done);
}

/** A journal line: a message, the ids of dropped events, or undefined when it cannot be read. */
function parseLine(line: string): Message | string[] | undefined {
  try {
    const parsed = JSON.parse(line) as { k?: unknown; h?: unknown; v?: unknown; d?: unknown };
    if (Array.isArray(parsed.d)) return parsed.d.map(String);
    if (typeof parsed.v !== 'object' || parsed.v === null) return undefined;
    return {
      key: typeof parsed.k === 'string' ? parsed.k : null,
      // JSON.stringify's own text, parsed and written again, is the same text: the envelope as it was first sent.
      value: JSON.stringify(parsed.v),
      headers: typeof parsed.h === 'object' && parsed.h !== null ? (parsed.h as IHeaders) : undefined,
    };
  } catch {
    return undefined;
  }
}

function readOr(path: string, fallback: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return fallback;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists under another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function inUse(dir: string, pid: number): JournalDirectoryInUse {
  return new JournalDirectoryInUse(
    `GATEWAY_USAGE_JOURNAL_DIR (${dir}) is in use by the live process ${pid}: every gateway process needs its own usage journal directory. ` +
      'Set GATEWAY_USAGE_JOURNAL_DIR to a directory no other running gateway uses (for example one per replica), or stop the other process.',
  );
}
