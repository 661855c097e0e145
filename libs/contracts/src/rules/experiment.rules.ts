import {
  DATASET_FORMATS,
  DATASET_IMPORT_MODES,
  EVALUATOR_TYPES,
  MAX_CONCURRENCY_PER_MODEL,
  MAX_EXPERIMENT_EVALUATORS,
  MAX_REPETITIONS,
  MIN_CONCURRENCY_PER_MODEL,
  MIN_REPETITIONS,
  RERUN_SCOPES,
  RUN_EXPORT_FORMATS,
} from '../experiments/experiment.types';
import { type EnumRule, enumRule, type NumberRule, type TextRule, textRule } from './field-rule';

/**
 * The rules of the fields of datasets, evaluators and experiments (the Experiments
 * feature's REST bodies and queries): the registry's DTOs validate with them and the
 * studio's forms can check with them, so both say the same thing. The rules of a
 * datapoint and of a column are `datapointProblems` and `columnsProblems`.
 */

const HAS_TEXT = /\S/;
/** A UUID of any version (1 to 8), nil or max: what class-validator's `isUUID('all')` accepts. */
const UUID_PATTERN = /^(?:[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}|00000000-0000-0000-0000-000000000000|ffffffff-ffff-ffff-ffff-ffffffffffff)$/i;

/** A whole number from `min` to `max`, one message for both ends. */
function wholeNumberRule(field: string, min: number, max: number): NumberRule {
  const range = `${field} must be from ${min} to ${max}`;
  return { kind: 'number', integer: true, typeMessage: `${field} must be a whole number`, min: { value: min, message: range }, max: { value: max, message: range } };
}

/** A UUID naming something of the workspace: one message whatever is wrong with it. */
function idRule(message: string): TextRule {
  return { kind: 'text', typeMessage: message, patterns: [{ pattern: UUID_PATTERN, message }] };
}

/** `limit` of a page: a whole number from 1 to `max` (query strings convert first). */
function pageLimitRule(max: number): NumberRule {
  const range = `limit must be between 1 and ${max}`;
  return { kind: 'number', integer: true, typeMessage: 'limit must be a whole number', min: { value: 1, message: range }, max: { value: max, message: range } };
}

/** `cursor` of a page: the opaque nextCursor of the previous one. */
const CURSOR_RULE = textRule('cursor', { max: 500 });

/** A dataset's, an evaluator's and an experiment's name: the same rule for the three. */
const NAME_RULE = textRule('name', { min: 1, max: 100, patterns: [{ pattern: HAS_TEXT, message: 'name must not be blank' }] });
const DESCRIPTION_RULE = textRule('description', { max: 1000 });

export const DATASET_RULES = {
  name: NAME_RULE,
  description: DESCRIPTION_RULE,
  format: enumRule('format', DATASET_FORMATS),
  mode: enumRule('mode', DATASET_IMPORT_MODES),
  dryRun: { kind: 'enum', values: ['true', 'false'], message: 'dryRun must be true or false' } satisfies EnumRule<'true' | 'false'>,
  /** Datasets and datapoints, a page. */
  limit: pageLimitRule(500),
  cursor: CURSOR_RULE,
} as const;

export const EVALUATOR_RULES = {
  name: NAME_RULE,
  description: DESCRIPTION_RULE,
  type: enumRule('type', EVALUATOR_TYPES),
} as const;

export const EXPERIMENT_RULES = {
  name: NAME_RULE,
  description: DESCRIPTION_RULE,
  datasetId: idRule('datasetId must be the id of a dataset of this workspace'),
  repetitions: wholeNumberRule('repetitions', MIN_REPETITIONS, MAX_REPETITIONS),
  concurrencyPerModel: wholeNumberRule('concurrencyPerModel', MIN_CONCURRENCY_PER_MODEL, MAX_CONCURRENCY_PER_MODEL),
  /** Experiments and runs, a page. */
  limit: pageLimitRule(200),
  cursor: CURSOR_RULE,
} as const;

/** An experiment's evaluators: a list of distinct ids (a UUID or a `builtin.*` id). */
export const EXPERIMENT_EVALUATOR_IDS_RULE = {
  maxItems: MAX_EXPERIMENT_EVALUATORS,
  typeMessage: 'evaluatorIds must be an array',
  maxItemsMessage: `evaluatorIds may name at most ${MAX_EXPERIMENT_EVALUATORS} evaluators`,
  uniqueMessage: 'evaluatorIds must not name an evaluator twice',
  itemMessage: 'each of evaluatorIds must be a string',
} as const;

export const RUN_RULES = {
  scope: enumRule('scope', RERUN_SCOPES),
  format: enumRule('format', RUN_EXPORT_FORMATS),
  baseline: idRule('baseline must be the id of another run of this experiment'),
  /** A run's cells, a page. */
  cellsLimit: pageLimitRule(1000),
} as const;
