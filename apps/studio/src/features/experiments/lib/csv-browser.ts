import { parse } from 'csv-parse/browser/esm/sync';
import type { CsvParse } from './dataset-preview';

/** csv-parse's browser build (the Node build relies on Buffer), for the upload preview. */
export const parseCsvInBrowser: CsvParse = parse as CsvParse;
