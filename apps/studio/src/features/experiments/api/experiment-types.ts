/**
 * The registry's datasets, evaluators, experiments, runs and cells as the studio reads
 * them: a copy of libs/contracts/src/experiments/experiment.types.ts from the
 * experiments branch (h/experiments, e3e2d60). When that branch is merged this file becomes
 * `export type { … } from '@model-garden/contracts'` (plus the few values the studio uses).
 */
import type { ModelPricing } from '@model-garden/contracts';

/** Most datapoints one dataset (and so one import) may hold. */
export const MAX_DATASET_ROWS = 10_000;
/** Repetitions of each row per column. */
export const MIN_REPETITIONS = 1;
export const MAX_REPETITIONS = 10;
/** Columns of one experiment. */
export const MAX_EXPERIMENT_COLUMNS = 10;
/** Evaluators of one experiment. */
export const MAX_EXPERIMENT_EVALUATORS = 10;
/** Cells in flight per model of one run (the experiment's `concurrencyPerModel` bounds). */
export const MIN_CONCURRENCY_PER_MODEL = 1;
export const MAX_CONCURRENCY_PER_MODEL = 64;

/** A template variable's value: `inputs` is a flat map of these. */
export type DatapointInputValue = string | number | boolean | null;
export type DatapointInputs = Record<string, DatapointInputValue>;

export const CHAT_ROLES = ['system', 'user', 'assistant'] as const;
export type ChatRole = (typeof CHAT_ROLES)[number];

/** One chat message of a datapoint or of a column's messages template (`{{variable}}` placeholders in content). */
export interface ChatMessage {
  role: ChatRole;
  content: string;
}

export const DATASET_FORMATS = ['jsonl', 'csv'] as const;
export type DatasetFormat = (typeof DATASET_FORMATS)[number];

/** `append` adds the file's rows after the existing ones; `replace` swaps every row for the file's, in one revision. */
export const DATASET_IMPORT_MODES = ['append', 'replace'] as const;
export type DatasetImportMode = (typeof DATASET_IMPORT_MODES)[number];

/** A datapoint as written by a client (POST, PUT, one JSONL line). */
export interface DatapointInput {
  inputs?: DatapointInputs;
  messages?: ChatMessage[] | null;
  expectedOutput?: string | null;
  metadata?: Record<string, unknown>;
}

export interface DatapointView {
  /** Stable across edits; a run's cells name the datapoint by it. */
  id: string;
  datasetId: string;
  /** 0-based position in the dataset. */
  position: number;
  inputs: DatapointInputs;
  messages: ChatMessage[] | null;
  expectedOutput: string | null;
  metadata: Record<string, unknown>;
  /** The dataset revision that wrote this version of the datapoint. */
  revision: number;
  updatedAt: string;
}

export interface DatasetView {
  id: string;
  name: string;
  description: string | null;
  rowCount: number;
  /** Bumped by every change of the datapoints; a run records the revision it used. */
  revision: number;
  /** Every input variable name used by the datapoints, sorted. */
  inputKeys: string[];
  createdAt: string;
  updatedAt: string;
}

export interface DatasetListPage {
  data: DatasetView[];
  nextCursor: string | null;
}

export interface DatapointListPage {
  data: DatapointView[];
  nextCursor: string | null;
}

/** `POST /v1/datasets`. */
export interface CreateDatasetRequest {
  name: string;
  description?: string | null;
  datapoints?: DatapointInput[];
}

/** `PATCH /v1/datasets/{id}`. */
export interface UpdateDatasetRequest {
  name?: string;
  description?: string | null;
}

/**
 * `POST /v1/datasets/{id}/import?format=jsonl|csv&mode=append|replace[&dryRun=true]`
 * (body: the file). With `dryRun` nothing is written: `imported` is 0, `rows` the rows the
 * file holds and `preview` its first rows as they would be stored (a bad file is the
 * same 400 as a real import, naming each line and field).
 */
export interface DatasetImportResult {
  dataset: DatasetView;
  imported: number;
  rows: number;
  dryRun: boolean;
  preview: { inputs: DatapointInputs; messages: ChatMessage[] | null; expectedOutput: string | null; metadata: Record<string, unknown> }[];
}

/** Rows of an import answered in `preview`. */
export const IMPORT_PREVIEW_ROWS = 20;

/**
 * CSV columns: `input.<name>` (or any other header) is an input variable,
 * `expected_output` (or `expectedOutput`) the expected output, `messages` a JSON
 * array of messages, `metadata` a JSON object, `metadata.<name>` one metadata field.
 */
export const CSV_RESERVED_COLUMNS = ['expected_output', 'expectedOutput', 'messages', 'metadata'] as const;

// --- evaluators ---

export const EVALUATOR_TYPES = [
  'exact_match',
  'contains',
  'regex',
  'valid_json',
  'json_schema',
  'levenshtein',
  'length',
  'cosine_similarity',
  'llm_judge',
] as const;
export type EvaluatorType = (typeof EVALUATOR_TYPES)[number];

export const CONTAINS_MODES = ['any', 'all', 'none'] as const;
export type ContainsMode = (typeof CONTAINS_MODES)[number];

/** Each type's settings. Text comparisons trim the output first. */
export interface ExactMatchConfig {
  caseSensitive?: boolean;
}
export interface ContainsConfig {
  mode: ContainsMode;
  values: string[];
  caseSensitive?: boolean;
}
export interface RegexConfig {
  pattern: string;
  /** JavaScript flags from `imsu`. */
  flags?: string;
}
export type ValidJsonConfig = Record<string, never>;
export interface JsonSchemaConfig {
  /** A JSON Schema (draft 2020-12 subset that ajv 8 supports). */
  schema: Record<string, unknown>;
}
export interface LevenshteinConfig {
  /** Scores at or above it pass; default 0.8. */
  passThreshold?: number;
  caseSensitive?: boolean;
}
export interface LengthConfig {
  /** Characters of the output. */
  min?: number;
  max?: number;
}
export interface CosineSimilarityConfig {
  /** An embedding model of the workspace (id, key or ref). */
  model: string;
  /** Scores at or above it pass; default 0.8. */
  passThreshold?: number;
}
export interface LlmJudgeConfig {
  /** A chat model of the workspace (id, key or ref). */
  model: string;
  /** The judge's instructions, with `{{input}}`, `{{output}}` and `{{expected}}`. */
  rubric: string;
  /** The judge must answer with one integer from min to max (mapped to [0, 1]), or PASS/FAIL. */
  scale: { type: 'numeric'; min: number; max: number } | { type: 'pass_fail' };
  /** Scores at or above it pass; default 0.5. */
  passThreshold?: number;
}

export interface EvaluatorConfigByType {
  exact_match: ExactMatchConfig;
  contains: ContainsConfig;
  regex: RegexConfig;
  valid_json: ValidJsonConfig;
  json_schema: JsonSchemaConfig;
  levenshtein: LevenshteinConfig;
  length: LengthConfig;
  cosine_similarity: CosineSimilarityConfig;
  llm_judge: LlmJudgeConfig;
}

/** An evaluator's definition: a type and its settings. */
export type EvaluatorDefinition = { [T in EvaluatorType]: { type: T; config: EvaluatorConfigByType[T] } }[EvaluatorType];

/** Built-in evaluators need no settings and exist in every workspace under these ids. */
export const BUILTIN_EVALUATOR_IDS = {
  exact_match: 'builtin.exact_match',
  valid_json: 'builtin.valid_json',
  levenshtein: 'builtin.levenshtein',
} as const;

export type EvaluatorView = EvaluatorDefinition & {
  /** A UUID, or a `builtin.*` id. */
  id: string;
  name: string;
  description: string | null;
  builtIn: boolean;
  createdAt: string;
  updatedAt: string;
};

export interface EvaluatorListPage {
  data: EvaluatorView[];
}

/** `POST /v1/evaluators`. */
export type CreateEvaluatorRequest = EvaluatorDefinition & { name: string; description?: string | null };

/** `PATCH /v1/evaluators/{id}`: a new config replaces the old one whole. */
export interface UpdateEvaluatorRequest {
  name?: string;
  description?: string | null;
  config?: EvaluatorConfigByType[EvaluatorType];
}

/** One evaluator's verdict on one cell. `score` is in [0, 1]; null when the evaluator itself failed (`error`). */
export interface EvaluatorScore {
  evaluatorId: string;
  score: number | null;
  passed: boolean | null;
  reason: string;
  /** Set when the evaluator could not judge (unparseable verdict, embedding call failed): not a zero. */
  error: string | null;
}

// --- experiments ---

export const COLUMN_KINDS = ['model', 'deployment'] as const;
export type ColumnKind = (typeof COLUMN_KINDS)[number];

/** Parameters passed to the chat completion of a model column. */
export interface ColumnParameters {
  temperature?: number;
  maxTokens?: number;
  topP?: number;
  /** An OpenAI `response_format` object, passed through. */
  responseFormat?: Record<string, unknown>;
  stop?: string[];
  seed?: number;
}

export interface ModelColumnSpec {
  /** Unique in the experiment: a slug; defaults to `c1`, `c2`, ... */
  id?: string;
  name: string;
  kind: 'model';
  /** A chat model of the workspace (id, key or ref), or a public `provider/model`. */
  model: string;
  /** Rendered with the datapoint's inputs (`{{name}}`); the datapoint's own messages follow. */
  messages: ChatMessage[];
  parameters?: ColumnParameters;
}

export interface DeploymentColumnSpec {
  id?: string;
  name: string;
  kind: 'deployment';
  /** The deployment's key; invoked through the gateway's `/v2/deployments/stream` with the datapoint's inputs and messages. */
  deployment: string;
  /**
   * Reserved: pinning a version or a variant. Refused for now (400): the gateway serves a
   * deployment's current version and routes by `context`.
   */
  version?: number;
  variant?: string;
  /** Routing context sent with each invocation (a variant is chosen by the deployment's rules on it). */
  context?: Record<string, string | number | boolean>;
}

export type ColumnSpec = ModelColumnSpec | DeploymentColumnSpec;
export type ColumnView = (ModelColumnSpec | DeploymentColumnSpec) & { id: string };

export interface ExperimentView {
  id: string;
  name: string;
  description: string | null;
  datasetId: string;
  columns: ColumnView[];
  evaluatorIds: string[];
  repetitions: number;
  concurrencyPerModel: number;
  /** The newest run, for listings. */
  lastRunId: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface ExperimentListPage {
  data: ExperimentView[];
  nextCursor: string | null;
}

/** `POST /v1/experiments`. */
export interface CreateExperimentRequest {
  name: string;
  description?: string | null;
  datasetId: string;
  columns: ColumnSpec[];
  evaluatorIds?: string[];
  repetitions?: number;
  concurrencyPerModel?: number;
}

/** `PATCH /v1/experiments/{id}`: lists replace the old ones whole; runs keep their snapshot. */
export type UpdateExperimentRequest = Partial<CreateExperimentRequest>;

// --- runs and cells ---

export const RUN_STATUSES = ['queued', 'running', 'completed', 'failed', 'cancelled'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];
/** Statuses a run never leaves on its own (a re-run takes it back to `queued`). */
export const FINISHED_RUN_STATUSES: readonly RunStatus[] = ['completed', 'failed', 'cancelled'];

export const CELL_STATUSES = ['queued', 'completed', 'failed', 'cancelled'] as const;
export type CellStatus = (typeof CELL_STATUSES)[number];

export type CellCounts = Record<CellStatus, number> & { total: number };

/** `POST /v1/experiments/{id}/runs/{runId}/rerun`. */
export const RERUN_SCOPES = ['failed', 'row', 'column', 'cell'] as const;
export type RerunScope = (typeof RERUN_SCOPES)[number];
export interface RerunRequest {
  scope: RerunScope;
  /** scope `row`: the datapoint id. */
  datapointId?: string;
  /** scope `column`: the column id. */
  columnId?: string;
  /** scope `cell`: the cell id. */
  cellId?: string;
}

export interface PercentilePair {
  p50: number | null;
  p95: number | null;
}

export interface EvaluatorAggregate {
  evaluatorId: string;
  /** Mean score over the scored cells; null when none was scored. */
  mean: number | null;
  /** Mean over rows of the standard deviation of a row's scores across its repetitions (0 with one repetition). */
  stdDevAcrossRepetitions: number | null;
  /** Share of scored cells that passed. */
  passRate: number | null;
  scored: number;
  /** Cells where the evaluator could not judge. */
  errors: number;
}

export interface ColumnAggregate {
  columnId: string;
  cells: number;
  completed: number;
  failed: number;
  /** failed / (completed + failed); null before any finished. */
  errorRate: number | null;
  latencyMs: PercentilePair;
  ttftMs: PercentilePair;
  costUsd: { total: number; mean: number | null };
  tokens: { input: number; output: number };
  scores: EvaluatorAggregate[];
}

/** The experiment as the run saw it when it started. */
export interface RunSnapshot {
  datasetId: string;
  /** The dataset's name when the run started. */
  datasetName: string;
  datasetRevision: number;
  rowCount: number;
  columns: ColumnView[];
  /** Per column id: the model's prices when the run started (null: unpriced, or a deployment column). */
  columnPricing: Record<string, ModelPricing | null>;
  evaluators: EvaluatorView[];
  repetitions: number;
  concurrencyPerModel: number;
}

export interface RunView {
  id: string;
  experimentId: string;
  /** 1 for the first run of the experiment, then 2, 3, ... */
  number: number;
  status: RunStatus;
  /** Why the run failed, when it did. */
  statusMessage: string | null;
  counts: CellCounts;
  snapshot: RunSnapshot;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  updatedAt: string;
}

/** `GET /v1/experiments/{id}/runs/{runId}` answers the run with its column aggregates. */
export interface RunDetailsView extends RunView {
  aggregates: ColumnAggregate[];
}

export interface RunListPage {
  data: RunView[];
  nextCursor: string | null;
}

export interface CellError {
  /** An ERROR_CODES value, or the gateway's OpenAI error code. */
  code: string;
  message: string;
}

export interface CellView {
  id: string;
  datapointId: string;
  /** The row's position in the dataset revision the run used. */
  rowIndex: number;
  columnId: string;
  /** 1-based. */
  repetition: number;
  /** 1, then one more per re-run of the cell. */
  attempt: number;
  status: CellStatus;
  output: string | null;
  finishReason: string | null;
  latencyMs: number | null;
  ttftMs: number | null;
  inputTokens: number | null;
  outputTokens: number | null;
  costUsd: number | null;
  scores: EvaluatorScore[];
  error: CellError | null;
  updatedAt: string;
}

/**
 * `GET /v1/experiments/{id}/runs/{runId}/cells`. Poll with `updatedAfter=<nextUpdatedAfter>`
 * for the cells that changed since; a cell may come twice, never be missed.
 */
export interface CellPage {
  data: CellView[];
  /** More cells match: pass as `cursor`. */
  nextCursor: string | null;
  /** Pass as `updatedAfter` on the next poll (unchanged when nothing changed). */
  nextUpdatedAfter: string | null;
  run: Pick<RunView, 'id' | 'status' | 'counts' | 'updatedAt'>;
}

export interface RowComparison {
  datapointId: string;
  rowIndex: number;
  columnId: string;
  evaluatorId: string;
  /** Mean over the repetitions; null when not scored. */
  baseline: number | null;
  current: number | null;
  delta: number | null;
}

/** `GET /v1/experiments/{id}/runs/{runId}/compare?baseline=<otherRunId>`. */
export interface RunComparison {
  runId: string;
  baselineRunId: string;
  summary: { columnId: string; evaluatorId: string; better: number; worse: number; same: number; missing: number }[];
  /** The rows whose score changed (better or worse), largest changes first. */
  changed: RowComparison[];
}

export const RUN_EXPORT_FORMATS = ['jsonl', 'csv'] as const;
export type RunExportFormat = (typeof RUN_EXPORT_FORMATS)[number];
