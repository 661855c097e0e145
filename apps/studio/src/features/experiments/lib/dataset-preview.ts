import { type DatapointInput, type DatasetFormat, type FieldError, MAX_DATASET_ROWS, datapointProblems, normalizeDatapoint } from '@model-garden/contracts/browser';
import type { parse as csvParse } from 'csv-parse/sync';

/**
 * What the upload dialog shows before sending a file: its first rows as datapoints,
 * and every problem by line and field, read with the registry's own datapoint rules
 * (the registry checks the file again on import and refuses it whole if any line is bad).
 */

/**
 * csv-parse's synchronous parser. The page passes its browser build
 * (`csv-browser.ts`; the Node build needs Buffer), tests the Node build: the same parser.
 */
export type CsvParse = typeof csvParse;

export interface DatasetPreview {
  format: DatasetFormat;
  /** Rows read (blank lines skipped). */
  rowCount: number;
  /** The first rows, as the registry would store them. */
  rows: ReturnType<typeof normalizeDatapoint>[];
  /** Problems by line (`line 12.inputs.city`), at most `MAX_PROBLEMS`; `problemCount` has them all. */
  problems: FieldError[];
  problemCount: number;
}

export const PREVIEW_ROWS = 10;
export const MAX_PROBLEMS = 50;

export function formatOf(fileName: string): DatasetFormat | null {
  const lower = fileName.toLowerCase();
  if (lower.endsWith('.csv')) return 'csv';
  if (lower.endsWith('.jsonl') || lower.endsWith('.ndjson') || lower.endsWith('.json')) return 'jsonl';
  return null;
}

const at = (line: number): string => `line ${line}`;

class Collector {
  readonly preview: DatasetPreview;
  constructor(format: DatasetFormat) {
    this.preview = { format, rowCount: 0, rows: [], problems: [], problemCount: 0 };
  }
  problem(list: FieldError[]): void {
    this.preview.problemCount += list.length;
    for (const p of list) if (this.preview.problems.length < MAX_PROBLEMS) this.preview.problems.push(p);
  }
  row(value: unknown, line: number): void {
    this.preview.rowCount += 1;
    if (this.preview.rowCount === MAX_DATASET_ROWS + 1) this.problem([{ field: 'file', message: `The file has more than ${MAX_DATASET_ROWS} rows; a dataset holds at most ${MAX_DATASET_ROWS}. Split it.` }]);
    const found = datapointProblems(value, at(line));
    if (found.length > 0) this.problem(found);
    else if (this.preview.rows.length < PREVIEW_ROWS) this.preview.rows.push(normalizeDatapoint(value as DatapointInput));
  }
}

/** A CSV record as a datapoint: the registry's column rules (`expected_output`, `messages`, `metadata`, `metadata.<name>`, `input.<name>` or any other header). */
export function csvRecordToDatapoint(record: Record<string, string>, line: number): { value: DatapointInput; problems: FieldError[] } {
  const value: DatapointInput = {};
  const inputs: Record<string, string> = {};
  const metadata: Record<string, unknown> = {};
  const problems: FieldError[] = [];
  for (const [header, cell] of Object.entries(record)) {
    if (header === 'expected_output' || header === 'expectedOutput') value.expectedOutput = cell === '' ? null : cell;
    else if (header === 'messages') {
      if (cell === '') continue;
      try {
        value.messages = JSON.parse(cell) as DatapointInput['messages'];
      } catch {
        problems.push({ field: `${at(line)}.messages`, message: `${at(line)}.messages must be a JSON array of {role, content} messages` });
      }
    } else if (header === 'metadata') {
      if (cell === '') continue;
      let parsed: unknown;
      try {
        parsed = JSON.parse(cell);
      } catch {
        parsed = undefined;
      }
      if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) Object.assign(metadata, parsed);
      else problems.push({ field: `${at(line)}.metadata`, message: `${at(line)}.metadata must be a JSON object` });
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

export function previewDataset(text: string, format: DatasetFormat, parseCsv: CsvParse): DatasetPreview {
  const collect = new Collector(format);
  if (format === 'jsonl') {
    text.split(/\r?\n/).forEach((raw, index) => {
      const line = index + 1;
      if (raw.trim() === '') return;
      let value: unknown;
      try {
        value = JSON.parse(raw);
      } catch (error) {
        collect.preview.rowCount += 1;
        collect.problem([{ field: at(line), message: `line ${line} is not JSON (${error instanceof Error ? error.message : String(error)}); each line must be one JSON object` }]);
        return;
      }
      collect.row(value, line);
    });
  } else {
    let records: { record: Record<string, string>; info: { lines: number } }[];
    try {
      records = parseCsv(text, { columns: (header: string[]) => header.map((h) => h.trim()), info: true, bom: true, skip_empty_lines: true }) as unknown as typeof records;
    } catch (error) {
      const { lines, message } = error as { lines?: number; message: string };
      collect.problem([{ field: lines ? at(lines) : 'file', message: `line ${lines ?? '?'}: the CSV cannot be read: ${message.replace(/^Invalid .*?: /, '')}` }]);
      return collect.preview;
    }
    for (const { record, info } of records) {
      const built = csvRecordToDatapoint(record, info.lines);
      if (built.problems.length > 0) {
        collect.preview.rowCount += 1;
        collect.problem(built.problems);
      } else collect.row(built.value, info.lines);
    }
  }
  if (collect.preview.rowCount === 0 && collect.preview.problemCount === 0) {
    collect.problem([{ field: 'file', message: format === 'csv' ? 'The file has no rows: a header row, then one row per datapoint.' : 'The file has no rows: write one JSON object per line.' }]);
  }
  return collect.preview;
}
