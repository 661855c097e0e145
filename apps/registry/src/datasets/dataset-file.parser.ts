import { createInterface } from 'node:readline';
import { type Readable, Transform, type TransformCallback } from 'node:stream';
import { ERROR_CODES, datapointProblems, type DatapointInput, type DatasetFormat, type FieldError, MAX_DATASET_ROWS, normalizeDatapoint } from '@model-garden/contracts';
import { parse as parseCsv } from 'csv-parse';
import { RegistryException } from '../shared/registry.exception';
import { type NewDatapoint } from './datapoint.repository';

/** At most this many problems are reported for one file (the first ones, by line). */
export const MAX_REPORTED_PROBLEMS = 50;

export interface DatasetFileLimits {
  maxBytes: number;
  maxRows: number;
}

export const DEFAULT_FILE_LIMITS: DatasetFileLimits = { maxBytes: 50 * 1024 * 1024, maxRows: MAX_DATASET_ROWS };

/** Counts bytes as they pass and stops the stream past the limit (a 413, nothing stored). */
class ByteLimit extends Transform {
  private seen = 0;
  constructor(private readonly maxBytes: number) {
    super();
  }
  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.seen += chunk.length;
    if (this.seen > this.maxBytes) callback(tooLarge(this.maxBytes));
    else callback(null, chunk);
  }
}

function tooLarge(maxBytes: number): RegistryException {
  return new RegistryException(ERROR_CODES.payloadTooLarge, `The file is larger than ${maxBytes} bytes; split it and import the parts with mode=append.`);
}

/** Collects problems by line; a file with any is refused whole. */
class Problems {
  readonly list: FieldError[] = [];
  total = 0;
  add(problems: FieldError[]): void {
    this.total += problems.length;
    for (const problem of problems) if (this.list.length < MAX_REPORTED_PROBLEMS) this.list.push(problem);
  }
  throwIfAny(rows: number): void {
    if (this.total === 0) return;
    const more = this.total > this.list.length ? ` (the first ${this.list.length} of ${this.total} are listed)` : '';
    const lines = [...new Set(this.list.map((p) => /^line (\d+)/.exec(p.field)?.[1]).filter(Boolean))];
    throw RegistryException.validation(
      this.list,
      `The file has ${this.total} problem${this.total === 1 ? '' : 's'} on line${lines.length === 1 ? '' : 's'} ${lines.slice(0, 10).join(', ')}${lines.length > 10 ? ', ...' : ''}${more}; nothing was imported (${rows} rows read). Fix them and import the file again.`,
    );
  }
}

function tooManyRows(maxRows: number): RegistryException {
  return RegistryException.field('file', `The file has more than ${maxRows} rows; a dataset holds at most ${maxRows}. Split it.`);
}

/** `line 12` then the field path inside the datapoint: `line 12.inputs.city`. */
function linePath(line: number): string {
  return `line ${line}`;
}

/**
 * Reads a JSONL or CSV dataset file as a stream, checking every row with the same
 * rules as the REST API. Returns every row, or throws one 400 listing the problems
 * by line and field (or a 413 past the byte limit), so nothing is half-imported.
 */
export async function parseDatasetFile(stream: Readable, format: DatasetFormat, limits: DatasetFileLimits = DEFAULT_FILE_LIMITS): Promise<NewDatapoint[]> {
  const limited = stream.pipe(new ByteLimit(limits.maxBytes));
  stream.on('error', (error) => limited.destroy(error));
  return format === 'jsonl' ? parseJsonl(limited, limits) : parseCsvFile(limited, limits);
}

async function parseJsonl(stream: Readable, limits: DatasetFileLimits): Promise<NewDatapoint[]> {
  const rows: NewDatapoint[] = [];
  const problems = new Problems();
  let read = 0;
  let line = 0;
  const reader = createInterface({ input: stream, crlfDelay: Infinity });
  for await (const text of reader) {
    line += 1;
    if (text.trim() === '') continue;
    read += 1;
    if (read > limits.maxRows) throw tooManyRows(limits.maxRows);
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      problems.add([{ field: linePath(line), message: `line ${line} is not JSON (${(error as Error).message}); each line must be one JSON object` }]);
      continue;
    }
    const found = datapointProblems(value, linePath(line));
    if (found.length > 0) problems.add(found);
    if (found.length === 0) rows.push(normalizeDatapoint(value as DatapointInput));
  }
  if (read === 0) throw RegistryException.field('file', 'The file has no rows: write one JSON object per line.');
  problems.throwIfAny(read);
  return rows;
}

/**
 * CSV: a header row, then one datapoint per record. `expected_output` (or
 * `expectedOutput`) is the expected output (empty: none); `messages` a JSON array;
 * `metadata` a JSON object and `metadata.<name>` one metadata field; `input.<name>`
 * or any other header an input variable (a string).
 */
async function parseCsvFile(stream: Readable, limits: DatasetFileLimits): Promise<NewDatapoint[]> {
  const rows: NewDatapoint[] = [];
  const problems = new Problems();
  let read = 0;
  const parser = stream.pipe(parseCsv({ columns: (header: string[]) => header.map((h) => h.trim()), info: true, bom: true, skip_empty_lines: true, relax_column_count: false }));
  stream.on('error', (error) => parser.destroy(error));
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: Record<string, string>; info: { lines: number } }>) {
      read += 1;
      if (read > limits.maxRows) throw tooManyRows(limits.maxRows);
      const line = info.lines;
      const built = csvRecordToDatapoint(record, line);
      if (built.problems.length > 0) {
        problems.add(built.problems);
        continue;
      }
      const found = datapointProblems(built.value, linePath(line));
      if (found.length > 0) problems.add(found);
      if (found.length === 0) rows.push(normalizeDatapoint(built.value));
    }
  } catch (error) {
    if (error instanceof RegistryException) throw error;
    const { code, lines, message } = error as { code?: string; lines?: number; message: string };
    if (typeof code === 'string' && code.startsWith('CSV_')) {
      throw RegistryException.field(lines ? linePath(lines) : 'file', `line ${lines ?? '?'}: the CSV cannot be read: ${message.replace(/^Invalid .*?: /, '')}`);
    }
    throw error;
  }
  if (read === 0) throw RegistryException.field('file', 'The file has no rows: a header row, then one row per datapoint.');
  problems.throwIfAny(read);
  return rows;
}

export function csvRecordToDatapoint(record: Record<string, string>, line: number): { value: DatapointInput; problems: FieldError[] } {
  const at = linePath(line);
  const value: DatapointInput = {};
  const inputs: Record<string, string> = {};
  const metadata: Record<string, unknown> = {};
  const problems: FieldError[] = [];
  for (const [header, cell] of Object.entries(record)) {
    if (header === 'expected_output' || header === 'expectedOutput') {
      value.expectedOutput = cell === '' ? null : cell;
    } else if (header === 'messages') {
      if (cell === '') continue;
      try {
        value.messages = JSON.parse(cell) as DatapointInput['messages'];
      } catch {
        problems.push({ field: `${at}.messages`, message: `${at}.messages must be a JSON array of {role, content} messages` });
      }
    } else if (header === 'metadata') {
      if (cell === '') continue;
      try {
        const parsed: unknown = JSON.parse(cell);
        if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) Object.assign(metadata, parsed);
        else problems.push({ field: `${at}.metadata`, message: `${at}.metadata must be a JSON object` });
      } catch {
        problems.push({ field: `${at}.metadata`, message: `${at}.metadata must be a JSON object` });
      }
    } else if (header.startsWith('metadata.')) {
      if (cell !== '') metadata[header.slice('metadata.'.length)] = cell;
    } else {
      const name = header.startsWith('input.') ? header.slice('input.'.length) : header.startsWith('inputs.') ? header.slice('inputs.'.length) : header;
      inputs[name] = cell;
    }
  }
  if (Object.keys(inputs).length > 0) value.inputs = inputs;
  if (Object.keys(metadata).length > 0) value.metadata = metadata;
  return { value, problems };
}
