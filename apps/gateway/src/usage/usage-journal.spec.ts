import { spawnSync } from 'node:child_process';
import { appendFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Message } from 'kafkajs';
import { JournalDirectoryInUse, UsageJournal } from './usage-journal';

/** An envelope's message, with what JSON must escape or keep exactly (quotes, non-ASCII, a control character, numbers). */
const message = (id: string): Message => ({
  key: 'model-1',
  value: JSON.stringify({ id, data: { requestId: id, note: 'é "q" \\ \u0001', costUsd: 0.1 + 0.2, tokens: 2 ** 53 - 1, at: new Date(0).toISOString() } }),
  headers: { 'ce-type': 'usage', 'ce-id': id },
});
const segmentsIn = (dir: string): string[] => readdirSync(dir).filter((name) => name.endsWith('.jsonl'));
/** The pid of a process that has exited. */
const deadPid = (): number => spawnSync(process.execPath, ['-e', '']).pid!;

describe('UsageJournal', () => {
  let dir: string;
  let journals: UsageJournal[];
  const journal = (onSegments?: (count: number) => void): UsageJournal => {
    const created = new UsageJournal(dir, onSegments);
    journals.push(created);
    return created;
  };

  beforeEach(() => {
    dir = join(mkdtempSync(join(tmpdir(), 'usage-journal-')), 'journal');
    journals = [];
  });

  afterEach(() => {
    for (const created of journals) created.shutdown();
    rmSync(dir, { recursive: true, force: true });
  });

  it('appends one JSON line per message to the current segment, a new segment after each seal', () => {
    const counts: number[] = [];
    const usage = journal((count) => counts.push(count));
    expect(usage.open().messages).toEqual([]);
    const first = usage.append(message('a'));
    expect(usage.append(message('b'))).toBe(first);
    usage.seal();
    const second = usage.append(message('c'));
    expect(second).not.toBe(first);
    const files = segmentsIn(dir).sort();
    expect(files).toHaveLength(2);
    expect(readFileSync(join(dir, files[0]), 'utf8').trimEnd().split('\n').map((line) => JSON.stringify((JSON.parse(line) as { v: unknown }).v))).toEqual([message('a').value, message('b').value]);
    expect(usage.segmentCount).toBe(2);
    expect(counts.at(-1)).toBe(2);
    // Sealing a segment that holds nothing keeps it.
    usage.seal();
    usage.seal();
    expect(segmentsIn(dir)).toHaveLength(3);
  });

  it('deletes a sealed segment once every event in it is settled, and only then', () => {
    const usage = journal();
    usage.open();
    const first = usage.append(message('a'));
    usage.append(message('b'));
    usage.settle(first);
    usage.settle(first);
    // Still the current segment: more events may come.
    expect(segmentsIn(dir)).toHaveLength(1);
    usage.seal();
    expect(segmentsIn(dir)).toHaveLength(1);
    const second = usage.append(message('c'));
    usage.seal();
    expect(segmentsIn(dir)).toHaveLength(2);
    usage.settle(second);
    expect(segmentsIn(dir)).toHaveLength(1);
    expect(usage.segmentCount).toBe(1);
  });

  it('gives a later process what an earlier one left, message for message, and deletes it once settled', () => {
    const earlier = journal();
    earlier.open();
    const published = earlier.append(message('a'));
    earlier.seal();
    earlier.settle(published);
    earlier.append(message('b'));
    earlier.append(message('c'));
    earlier.seal();
    earlier.append(message('d'));
    // Killed: its files and its lock stay behind (a pid that is gone).
    earlier.shutdown();
    writeFileSync(join(dir, 'journal.lock'), `${deadPid()}\n`);

    const later = journal();
    const leftovers = later.open();
    expect(leftovers.messages).toEqual([message('b'), message('c'), message('d')]);
    expect(leftovers.unreadable).toBe(0);
    expect(leftovers.segments.map((segment) => segment.appended)).toEqual([2, 1]);
    expect(later.segmentCount).toBe(3);
    for (const segment of leftovers.segments) for (let i = 0; i < segment.appended; i += 1) later.settle(segment);
    // Only the later process's own, current segment is left.
    expect(segmentsIn(dir)).toHaveLength(1);
    expect(later.segmentCount).toBe(1);
  });

  it('leaves events dropped from the queue out of what a later process reads, and settles them', () => {
    const earlier = journal();
    earlier.open();
    const sealed = [earlier.append(message('a')), earlier.append(message('b')), earlier.append(message('c'))];
    earlier.seal();
    const current = earlier.append(message('d'));
    earlier.discard([sealed[0], undefined, current], [message('a'), message('x'), message('d')]);
    expect(sealed[0].unsettled).toBe(2);
    expect(current.unsettled).toBe(0);
    // Every event of a sealed segment dropped: the file goes, no line needed.
    earlier.discard([sealed[1], sealed[2]], [message('b'), message('c')]);
    expect(segmentsIn(dir)).toHaveLength(1);
    earlier.append(message('e'));
    earlier.shutdown();
    writeFileSync(join(dir, 'journal.lock'), `${deadPid()}\n`);
    expect(journal().open().messages).toEqual([message('e')]);
  });

  it('skips a line cut by the kill and reads the rest', () => {
    const earlier = journal();
    earlier.open();
    earlier.append(message('a'));
    earlier.shutdown();
    appendFileSync(join(dir, segmentsIn(dir)[0]), '{"k":"model-1","h":{"ce-id":"b"},"v":{"id');
    const leftovers = journal().open();
    expect(leftovers.messages).toEqual([message('a')]);
    expect(leftovers.unreadable).toBe(1);
  });

  it('leaves nothing behind after a shutdown with every event settled, and deletes empty leftovers', () => {
    const usage = journal();
    usage.open();
    usage.settle(usage.append(message('a')));
    usage.shutdown();
    expect(readdirSync(dir)).toEqual([]);
    writeFileSync(join(dir, 'usage-0000000000-00000001.jsonl'), '');
    expect(journal().open().segments).toEqual([]);
    expect(segmentsIn(dir)).toHaveLength(1);
  });

  it('refuses a directory locked by another live process, naming the variable and the fix', () => {
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'journal.lock'), `${process.ppid}\n`);
    expect(() => journal().open()).toThrow(JournalDirectoryInUse);
    expect(() => journal().open()).toThrow(new RegExp(`GATEWAY_USAGE_JOURNAL_DIR \\(${dir}\\) is in use by the live process ${process.ppid}.*its own usage journal directory`));
    expect(readFileSync(join(dir, 'journal.lock'), 'utf8')).toBe(`${process.ppid}\n`);
  });

  it('takes over a lock whose process is gone or that names its own pid (PID 1 again in a restarted container)', () => {
    mkdirSync(dir, { recursive: true });
    for (const stale of [deadPid(), process.pid]) {
      writeFileSync(join(dir, 'journal.lock'), `${stale}\n`);
      const usage = journal();
      usage.open();
      expect(readFileSync(join(dir, 'journal.lock'), 'utf8')).toBe(`${process.pid}\n`);
      usage.shutdown();
      expect(readdirSync(dir).includes('journal.lock')).toBe(false);
    }
  });

  it('refuses a second journal on the same directory in this process', () => {
    journal().open();
    expect(() => journal().open()).toThrow(JournalDirectoryInUse);
  });
});
