import type { CellView } from '@model-garden/contracts/browser';

/**
 * The run grid's view model: cells merged from incremental polls, grouped into rows ×
 * columns. The column aggregates of the header row are the registry's (`GET
 * /v1/experiments/{id}/runs/{runId}`, over every cell of the run), never recomputed
 * from the cells on screen.
 */

/** Merges a poll's cells into those known: a cell replaces its older self (a cell may come twice). */
export function mergeCells(known: ReadonlyMap<string, CellView>, incoming: readonly CellView[]): Map<string, CellView> {
  const next = new Map(known);
  for (const cell of incoming) {
    const previous = next.get(cell.id);
    if (!previous || previous.updatedAt <= cell.updatedAt) next.set(cell.id, cell);
  }
  return next;
}

export interface GridRow {
  rowIndex: number;
  datapointId: string;
  /** Per column id, the cells of each repetition (sorted by repetition). */
  cells: Record<string, CellView[]>;
}

export function gridRows(cells: Iterable<CellView>): GridRow[] {
  const rows = new Map<number, GridRow>();
  for (const cell of cells) {
    let row = rows.get(cell.rowIndex);
    if (!row) {
      row = { rowIndex: cell.rowIndex, datapointId: cell.datapointId, cells: {} };
      rows.set(cell.rowIndex, row);
    }
    (row.cells[cell.columnId] ??= []).push(cell);
  }
  const sorted = [...rows.values()].sort((a, b) => a.rowIndex - b.rowIndex);
  for (const row of sorted) for (const list of Object.values(row.cells)) list.sort((a, b) => a.repetition - b.repetition);
  return sorted;
}

/** A score's band for its colour (and its word, since colour is never the only signal). */
export function scoreBand(score: number | null, passed: boolean | null): 'good' | 'mid' | 'bad' | 'none' {
  if (score === null) return 'none';
  if (passed === false) return 'bad';
  if (score >= 0.8) return 'good';
  if (score >= 0.5) return 'mid';
  return 'bad';
}
