import { type ChatMessage, type ColumnSpec, type CreateExperimentRequest, EXPERIMENT_RULES, type EvaluatorType, type FieldError, checkRule, columnsProblems } from '@model-garden/contracts/browser';

/** The experiment builder's state (text as typed) and the body it creates. */

export interface ModelColumnDraft {
  kind: 'model';
  name: string;
  model: string;
  messages: ChatMessage[];
  temperature: string;
  maxTokens: string;
}

export interface DeploymentColumnDraft {
  kind: 'deployment';
  name: string;
  deployment: string;
  /** JSON object of the routing context sent with each call (empty: none): it picks the variant, as for any application. */
  context: string;
}

export type ColumnDraft = ModelColumnDraft | DeploymentColumnDraft;

export interface ExperimentDraft {
  name: string;
  description: string;
  datasetId: string;
  columns: ColumnDraft[];
  evaluatorIds: string[];
  repetitions: string;
  concurrencyPerModel: string;
}

export function newModelColumn(index: number, inputKeys: readonly string[] = []): ModelColumnDraft {
  const question = inputKeys.length > 0 ? inputKeys.map((k) => `{{${k}}}`).join('\n') : '{{question}}';
  return { kind: 'model', name: `Column ${index + 1}`, model: '', messages: [{ role: 'user', content: question }], temperature: '', maxTokens: '' };
}

export function newDeploymentColumn(index: number): DeploymentColumnDraft {
  return { kind: 'deployment', name: `Column ${index + 1}`, deployment: '', context: '' };
}

export function newExperimentDraft(): ExperimentDraft {
  return { name: '', description: '', datasetId: '', columns: [newModelColumn(0)], evaluatorIds: [], repetitions: '1', concurrencyPerModel: '4' };
}

const wholeNumber = (text: string): number | null => (/^\d+$/.test(text.trim()) ? Number(text.trim()) : null);

function columnSpec(column: ColumnDraft, index: number, problems: FieldError[]): ColumnSpec {
  const at = `columns[${index}]`;
  if (column.kind === 'deployment') {
    // The gateway serves a deployment's current version and routes by context (no version or variant pin).
    const spec: ColumnSpec = { kind: 'deployment', name: column.name.trim(), deployment: column.deployment };
    if (column.context.trim() !== '') {
      let context: unknown;
      try {
        context = JSON.parse(column.context);
      } catch {
        context = undefined;
      }
      if (typeof context !== 'object' || context === null || Array.isArray(context) || !Object.values(context).every((v) => ['string', 'number', 'boolean'].includes(typeof v))) {
        problems.push({ field: `${at}.context`, message: `${at}.context must be a JSON object of strings, numbers and booleans, like {"country": "fr"}` });
      } else spec.context = context as Record<string, string | number | boolean>;
    }
    return spec;
  }
  const spec: ColumnSpec = { kind: 'model', name: column.name.trim(), model: column.model, messages: column.messages };
  const parameters: NonNullable<Extract<ColumnSpec, { kind: 'model' }>['parameters']> = {};
  if (column.temperature.trim() !== '') {
    const t = Number(column.temperature);
    if (!/^\d+(\.\d+)?$/.test(column.temperature.trim()) || t > 2) problems.push({ field: `${at}.parameters.temperature`, message: `${at}.parameters.temperature must be a number from 0 to 2` });
    else parameters.temperature = t;
  }
  if (column.maxTokens.trim() !== '') {
    const m = wholeNumber(column.maxTokens);
    if (m === null || m < 1) problems.push({ field: `${at}.parameters.maxTokens`, message: `${at}.parameters.maxTokens must be a whole number of 1 or more` });
    else parameters.maxTokens = m;
  }
  if (Object.keys(parameters).length > 0) spec.parameters = parameters;
  return spec;
}

/** The create body, or every problem with its field path (the registry's own column rules included). */
export function draftToRequest(draft: ExperimentDraft): { body: CreateExperimentRequest; problems: FieldError[] } {
  const problems: FieldError[] = [];
  if (draft.name.trim() === '') problems.push({ field: 'name', message: 'name: give the experiment a name' });
  if (draft.datasetId === '') problems.push({ field: 'datasetId', message: 'datasetId: choose the dataset to run on' });
  const columns = draft.columns.map((c, i) => columnSpec(c, i, problems));
  draft.columns.forEach((c, i) => {
    if (c.kind === 'model' && c.model === '') problems.push({ field: `columns[${i}].model`, message: `columns[${i}].model: choose a model` });
    if (c.kind === 'deployment' && c.deployment === '') problems.push({ field: `columns[${i}].deployment`, message: `columns[${i}].deployment: choose a deployment` });
  });
  problems.push(...columnsProblems(columns).filter((p) => !problems.some((q) => q.field === p.field)));
  // The registry's rules for these two fields, with its messages (text that is not a whole number gets the type message).
  const repetitions = wholeNumber(draft.repetitions);
  const repetitionsProblem = checkRule(EXPERIMENT_RULES.repetitions, repetitions ?? draft.repetitions);
  if (repetitionsProblem !== null) problems.push({ field: 'repetitions', message: repetitionsProblem });
  const concurrency = wholeNumber(draft.concurrencyPerModel);
  const concurrencyProblem = checkRule(EXPERIMENT_RULES.concurrencyPerModel, concurrency ?? draft.concurrencyPerModel);
  if (concurrencyProblem !== null) problems.push({ field: 'concurrencyPerModel', message: concurrencyProblem });
  const body: CreateExperimentRequest = {
    name: draft.name.trim(),
    datasetId: draft.datasetId,
    columns,
    evaluatorIds: draft.evaluatorIds,
    repetitions: repetitions ?? 1,
    concurrencyPerModel: concurrency ?? 4,
  };
  if (draft.description.trim() !== '') body.description = draft.description.trim();
  return { body, problems };
}

/** A starting configuration for a new evaluator of each type, to edit. */
export const EVALUATOR_TEMPLATES: Record<EvaluatorType, Record<string, unknown>> = {
  exact_match: { caseSensitive: false },
  contains: { mode: 'any', values: ['yes'], caseSensitive: false },
  regex: { pattern: '^\\d+$', flags: 'i' },
  valid_json: {},
  json_schema: { schema: { type: 'object', required: ['answer'], properties: { answer: { type: 'string' } } } },
  levenshtein: { passThreshold: 0.8 },
  length: { min: 1, max: 2000 },
  cosine_similarity: { model: '', passThreshold: 0.8 },
  llm_judge: { model: '', rubric: 'Question: {{input}}\nAnswer: {{output}}\nExpected: {{expected}}\nRate the answer from 1 to 5.', scale: { type: 'numeric', min: 1, max: 5 }, passThreshold: 0.5 },
};
