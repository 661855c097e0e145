import { type FieldError } from '../errors/error-codes';
import { placeholderNames, unknownPlaceholders } from './placeholders';
import {
  COLUMN_KINDS,
  MAX_EXPERIMENT_COLUMNS,
  CHAT_ROLES,
  type ChatMessage,
  CONTAINS_MODES,
  type DatapointInput,
  type DatapointInputs,
  type EvaluatorConfigByType,
  EVALUATOR_TYPES,
  type EvaluatorType,
  BUILTIN_EVALUATOR_IDS,
} from './experiment.types';

/**
 * Field rules of datapoints and evaluator settings, shared by the registry (REST
 * bodies, JSONL and CSV imports) and the studio (preview of an upload). Browser-safe.
 * Each rule returns every problem with its field path (`datapoints[3].inputs.city`),
 * so a person can fix them all at once.
 */

export const DATAPOINT_LIMITS = {
  inputKeys: 100,
  inputKeyLength: 100,
  inputValueLength: 100_000,
  messages: 100,
  messageContentLength: 100_000,
  expectedOutputLength: 100_000,
  metadataJsonLength: 10_000,
} as const;

/** A template variable name: letters, digits, `_`, `-` and `.`, starting with a letter or `_`. */
export const INPUT_KEY_PATTERN = /^[A-Za-z_][A-Za-z0-9_.-]{0,99}$/;

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function join(path: string, key: string | number): string {
  return typeof key === 'number' ? `${path}[${key}]` : path ? `${path}.${key}` : key;
}

/** Problems of a chat message list (a datapoint's messages or a column's template). */
export function messagesProblems(value: unknown, path: string, options: { allowEmpty: boolean }): FieldError[] {
  if (!Array.isArray(value)) return [{ field: path, message: `${path} must be an array of {role, content} messages` }];
  if (!options.allowEmpty && value.length === 0) return [{ field: path, message: `${path} must hold at least one message` }];
  if (value.length > DATAPOINT_LIMITS.messages) return [{ field: path, message: `${path} may hold at most ${DATAPOINT_LIMITS.messages} messages` }];
  const out: FieldError[] = [];
  value.forEach((message: unknown, i) => {
    const at = join(path, i);
    if (!isPlainObject(message)) {
      out.push({ field: at, message: `${at} must be an object with role and content` });
      return;
    }
    for (const key of Object.keys(message)) {
      if (key !== 'role' && key !== 'content') out.push({ field: join(at, key), message: `${join(at, key)} is not a known field; a message has role and content only` });
    }
    if (!(CHAT_ROLES as readonly unknown[]).includes(message['role'])) out.push({ field: join(at, 'role'), message: `${join(at, 'role')} must be one of: ${CHAT_ROLES.join(', ')}` });
    const content = message['content'];
    if (typeof content !== 'string') out.push({ field: join(at, 'content'), message: `${join(at, 'content')} must be a string` });
    else if (content.length > DATAPOINT_LIMITS.messageContentLength) out.push({ field: join(at, 'content'), message: `${join(at, 'content')} must be at most ${DATAPOINT_LIMITS.messageContentLength} characters` });
  });
  return out;
}

/** Problems of one datapoint as a client wrote it; `path` prefixes every field (e.g. `datapoints[2]`, or '' for a file line). */
export function datapointProblems(value: unknown, path = ''): FieldError[] {
  const body = path || 'datapoint';
  if (!isPlainObject(value)) return [{ field: body, message: `${body} must be an object with inputs, messages, expectedOutput and metadata` }];
  const out: FieldError[] = [];
  for (const key of Object.keys(value)) {
    if (!['inputs', 'messages', 'expectedOutput', 'metadata'].includes(key)) {
      out.push({ field: join(path, key), message: `${join(path, key)} is not a known field; a datapoint has inputs, messages, expectedOutput and metadata` });
    }
  }
  const inputs = value['inputs'];
  if (inputs !== undefined) {
    const at = join(path, 'inputs');
    if (!isPlainObject(inputs)) out.push({ field: at, message: `${at} must be an object of variable names to strings, numbers, booleans or null` });
    else {
      const keys = Object.keys(inputs);
      if (keys.length > DATAPOINT_LIMITS.inputKeys) out.push({ field: at, message: `${at} may hold at most ${DATAPOINT_LIMITS.inputKeys} variables` });
      for (const key of keys) {
        const field = join(at, key);
        if (FORBIDDEN_KEYS.has(key) || !INPUT_KEY_PATTERN.test(key)) {
          out.push({ field, message: `${field}: a variable name must start with a letter or "_" and hold only letters, digits, "_", "-" or "." (at most 100)` });
          continue;
        }
        const item = inputs[key];
        if (!(item === null || typeof item === 'string' || typeof item === 'boolean' || (typeof item === 'number' && Number.isFinite(item)))) {
          out.push({ field, message: `${field} must be a string, a number, a boolean or null (inputs are flat: put structures in messages or metadata)` });
        } else if (typeof item === 'string' && item.length > DATAPOINT_LIMITS.inputValueLength) {
          out.push({ field, message: `${field} must be at most ${DATAPOINT_LIMITS.inputValueLength} characters` });
        }
      }
    }
  }
  const messages = value['messages'];
  if (messages !== undefined && messages !== null) out.push(...messagesProblems(messages, join(path, 'messages'), { allowEmpty: false }));
  const expected = value['expectedOutput'];
  if (expected !== undefined && expected !== null) {
    const at = join(path, 'expectedOutput');
    if (typeof expected !== 'string') out.push({ field: at, message: `${at} must be a string or null (write JSON as a string)` });
    else if (expected.length > DATAPOINT_LIMITS.expectedOutputLength) out.push({ field: at, message: `${at} must be at most ${DATAPOINT_LIMITS.expectedOutputLength} characters` });
  }
  const metadata = value['metadata'];
  if (metadata !== undefined) {
    const at = join(path, 'metadata');
    if (!isPlainObject(metadata)) out.push({ field: at, message: `${at} must be an object` });
    else if (JSON.stringify(metadata).length > DATAPOINT_LIMITS.metadataJsonLength) out.push({ field: at, message: `${at} must be at most ${DATAPOINT_LIMITS.metadataJsonLength} characters as JSON` });
  }
  if (out.length === 0 && inputs === undefined && (messages === undefined || messages === null)) {
    out.push({ field: join(path, 'inputs'), message: `${body} needs inputs or messages: a datapoint with neither has nothing to send to a model` });
  }
  return out;
}

/** A datapoint with its defaults filled in, once `datapointProblems` found nothing. */
export function normalizeDatapoint(value: DatapointInput): { inputs: DatapointInputs; messages: ChatMessage[] | null; expectedOutput: string | null; metadata: Record<string, unknown> } {
  return { inputs: value.inputs ?? {}, messages: value.messages ?? null, expectedOutput: value.expectedOutput ?? null, metadata: value.metadata ?? {} };
}

function unknownKeys(config: Record<string, unknown>, allowed: readonly string[], path: string): FieldError[] {
  return Object.keys(config)
    .filter((key) => !allowed.includes(key))
    .map((key) => ({ field: join(path, key), message: `${join(path, key)} is not a known setting; this evaluator takes ${allowed.length ? allowed.join(', ') : 'no settings'}` }));
}

function optionalBoolean(config: Record<string, unknown>, key: string, path: string): FieldError[] {
  return config[key] === undefined || typeof config[key] === 'boolean' ? [] : [{ field: join(path, key), message: `${join(path, key)} must be true or false` }];
}

function optionalUnit(config: Record<string, unknown>, key: string, path: string): FieldError[] {
  const value = config[key];
  return value === undefined || (typeof value === 'number' && value >= 0 && value <= 1) ? [] : [{ field: join(path, key), message: `${join(path, key)} must be a number from 0 to 1` }];
}

function modelRef(config: Record<string, unknown>, path: string): FieldError[] {
  const value = config['model'];
  return typeof value === 'string' && value.trim().length > 0 && value.length <= 400
    ? []
    : [{ field: join(path, 'model'), message: `${join(path, 'model')} must name a model of the workspace (id, key or ref)` }];
}

/** The placeholders a judge rubric may use. */
export const JUDGE_PLACEHOLDERS = ['input', 'output', 'expected'] as const;

/**
 * Problems of an evaluator's settings for its type. Regular expressions are compiled
 * and JSON Schemas compiled by the caller (ajv lives server-side); this checks shapes.
 */
export function evaluatorConfigProblems(type: unknown, config: unknown, path = 'config'): FieldError[] {
  if (!(EVALUATOR_TYPES as readonly unknown[]).includes(type)) return [{ field: 'type', message: `type must be one of: ${EVALUATOR_TYPES.join(', ')}` }];
  const c = config === undefined ? {} : config;
  if (!isPlainObject(c)) return [{ field: path, message: `${path} must be an object` }];
  const out: FieldError[] = [];
  switch (type as EvaluatorType) {
    case 'exact_match':
      out.push(...unknownKeys(c, ['caseSensitive'], path), ...optionalBoolean(c, 'caseSensitive', path));
      break;
    case 'contains': {
      out.push(...unknownKeys(c, ['mode', 'values', 'caseSensitive'], path), ...optionalBoolean(c, 'caseSensitive', path));
      if (!(CONTAINS_MODES as readonly unknown[]).includes(c['mode'])) out.push({ field: join(path, 'mode'), message: `${join(path, 'mode')} must be one of: ${CONTAINS_MODES.join(', ')}` });
      const values = c['values'];
      if (!Array.isArray(values) || values.length === 0 || values.length > 100) out.push({ field: join(path, 'values'), message: `${join(path, 'values')} must be a list of 1 to 100 strings` });
      else values.forEach((v: unknown, i) => {
        if (typeof v !== 'string' || v.length === 0 || v.length > 1000) out.push({ field: join(join(path, 'values'), i), message: `${join(join(path, 'values'), i)} must be a non-empty string of at most 1000 characters` });
      });
      break;
    }
    case 'regex': {
      out.push(...unknownKeys(c, ['pattern', 'flags'], path));
      const pattern = c['pattern'];
      const flags = c['flags'] ?? '';
      if (typeof flags !== 'string' || !/^[imsu]*$/.test(flags) || new Set(flags).size !== flags.length) out.push({ field: join(path, 'flags'), message: `${join(path, 'flags')} must be made of the flags i, m, s, u, each at most once` });
      if (typeof pattern !== 'string' || pattern.length === 0 || pattern.length > 1000) out.push({ field: join(path, 'pattern'), message: `${join(path, 'pattern')} must be a regular expression of 1 to 1000 characters` });
      else if (typeof flags === 'string') {
        try {
          new RegExp(pattern, flags);
        } catch (error) {
          out.push({ field: join(path, 'pattern'), message: `${join(path, 'pattern')} is not a valid regular expression: ${(error as Error).message}` });
        }
      }
      break;
    }
    case 'valid_json':
      out.push(...unknownKeys(c, [], path));
      break;
    case 'json_schema':
      out.push(...unknownKeys(c, ['schema'], path));
      if (!isPlainObject(c['schema'])) out.push({ field: join(path, 'schema'), message: `${join(path, 'schema')} must be a JSON Schema object` });
      else if (JSON.stringify(c['schema']).length > 50_000) out.push({ field: join(path, 'schema'), message: `${join(path, 'schema')} must be at most 50000 characters as JSON` });
      break;
    case 'levenshtein':
      out.push(...unknownKeys(c, ['passThreshold', 'caseSensitive'], path), ...optionalUnit(c, 'passThreshold', path), ...optionalBoolean(c, 'caseSensitive', path));
      break;
    case 'length': {
      out.push(...unknownKeys(c, ['min', 'max'], path));
      for (const key of ['min', 'max']) {
        const v = c[key];
        if (v !== undefined && !(Number.isInteger(v) && (v as number) >= 0 && (v as number) <= 1_000_000)) out.push({ field: join(path, key), message: `${join(path, key)} must be an integer from 0 to 1000000` });
      }
      if (c['min'] === undefined && c['max'] === undefined) out.push({ field: path, message: `${path} needs min, max or both` });
      else if (typeof c['min'] === 'number' && typeof c['max'] === 'number' && c['min'] > c['max']) out.push({ field: join(path, 'max'), message: `${join(path, 'max')} must be at least min` });
      break;
    }
    case 'cosine_similarity':
      out.push(...unknownKeys(c, ['model', 'passThreshold'], path), ...modelRef(c, path), ...optionalUnit(c, 'passThreshold', path));
      break;
    case 'llm_judge': {
      out.push(...unknownKeys(c, ['model', 'rubric', 'scale', 'passThreshold'], path), ...modelRef(c, path), ...optionalUnit(c, 'passThreshold', path));
      const rubric = c['rubric'];
      if (typeof rubric !== 'string' || rubric.trim().length === 0 || rubric.length > 20_000) out.push({ field: join(path, 'rubric'), message: `${join(path, 'rubric')} must be the judge's instructions, 1 to 20000 characters` });
      else {
        if (!placeholderNames(rubric).includes('output')) out.push({ field: join(path, 'rubric'), message: `${join(path, 'rubric')} must contain {{output}}, where the answer to judge goes` });
        for (const name of unknownPlaceholders(rubric, JUDGE_PLACEHOLDERS)) {
          out.push({ field: join(path, 'rubric'), message: `${join(path, 'rubric')}: {{${name}}} is not a placeholder; use {{input}}, {{output}} or {{expected}}` });
        }
      }
      const scale = c['scale'];
      const at = join(path, 'scale');
      if (!isPlainObject(scale)) out.push({ field: at, message: `${at} must be {"type":"numeric","min":1,"max":5} or {"type":"pass_fail"}` });
      else if (scale['type'] === 'pass_fail') out.push(...unknownKeys(scale, ['type'], at));
      else if (scale['type'] === 'numeric') {
        out.push(...unknownKeys(scale, ['type', 'min', 'max'], at));
        const { min, max } = scale as { min: unknown; max: unknown };
        if (!Number.isInteger(min) || (min as number) < 0 || (min as number) > 100) out.push({ field: join(at, 'min'), message: `${join(at, 'min')} must be an integer from 0 to 100` });
        if (!Number.isInteger(max) || (max as number) < 1 || (max as number) > 100) out.push({ field: join(at, 'max'), message: `${join(at, 'max')} must be an integer from 1 to 100` });
        else if (Number.isInteger(min) && (max as number) <= (min as number)) out.push({ field: join(at, 'max'), message: `${join(at, 'max')} must be greater than min` });
      } else out.push({ field: join(at, 'type'), message: `${join(at, 'type')} must be numeric or pass_fail` });
      break;
    }
  }
  return out;
}

/** The built-in evaluators (no settings: the defaults). */
export const BUILTIN_EVALUATORS: readonly { id: string; name: string; type: keyof EvaluatorConfigByType; description: string }[] = [
  { id: BUILTIN_EVALUATOR_IDS.exact_match, name: 'Exact match', type: 'exact_match', description: 'Passes when the trimmed answer equals the expected output.' },
  { id: BUILTIN_EVALUATOR_IDS.valid_json, name: 'Valid JSON', type: 'valid_json', description: 'Passes when the answer parses as JSON.' },
  { id: BUILTIN_EVALUATOR_IDS.levenshtein, name: 'Levenshtein similarity', type: 'levenshtein', description: '1 − edit distance / longer length, against the expected output; passes at 0.8.' },
];

/** A column id: a short slug, unique in the experiment. */
export const COLUMN_ID_PATTERN = /^[a-z0-9][a-z0-9_-]{0,31}$/;

const PARAMETER_KEYS = ['temperature', 'maxTokens', 'topP', 'responseFormat', 'stop', 'seed'] as const;

function parametersProblems(value: unknown, path: string): FieldError[] {
  if (!isPlainObject(value)) return [{ field: path, message: `${path} must be an object` }];
  const out = unknownKeys(value, PARAMETER_KEYS, path);
  const number = (key: string, min: number, max: number, integer: boolean): void => {
    const v = value[key];
    if (v === undefined) return;
    if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max || (integer && !Number.isInteger(v))) {
      out.push({ field: join(path, key), message: `${join(path, key)} must be ${integer ? 'an integer' : 'a number'} from ${min} to ${max}` });
    }
  };
  number('temperature', 0, 2, false);
  number('topP', 0, 1, false);
  number('maxTokens', 1, 1_000_000, true);
  number('seed', -2_147_483_648, 2_147_483_647, true);
  if (value['responseFormat'] !== undefined && !isPlainObject(value['responseFormat'])) out.push({ field: join(path, 'responseFormat'), message: `${join(path, 'responseFormat')} must be an OpenAI response_format object` });
  const stop = value['stop'];
  if (stop !== undefined && (!Array.isArray(stop) || stop.length > 4 || !stop.every((s) => typeof s === 'string' && s.length > 0 && s.length <= 100))) {
    out.push({ field: join(path, 'stop'), message: `${join(path, 'stop')} must be 1 to 4 strings of at most 100 characters` });
  }
  return out;
}

/**
 * Problems of an experiment's columns (shape only: the registry also checks that each
 * model exists in the workspace and is a chat model). Ids default to `c1`, `c2`, ...
 */
export function columnsProblems(value: unknown, path = 'columns'): FieldError[] {
  if (!Array.isArray(value) || value.length === 0) return [{ field: path, message: `${path} must hold 1 to ${MAX_EXPERIMENT_COLUMNS} columns` }];
  if (value.length > MAX_EXPERIMENT_COLUMNS) return [{ field: path, message: `${path} may hold at most ${MAX_EXPERIMENT_COLUMNS} columns` }];
  const out: FieldError[] = [];
  const ids = new Set<string>();
  value.forEach((column: unknown, i) => {
    const at = join(path, i);
    if (!isPlainObject(column)) {
      out.push({ field: at, message: `${at} must be an object` });
      return;
    }
    const id = column['id'] ?? `c${i + 1}`;
    if (typeof id !== 'string' || !COLUMN_ID_PATTERN.test(id)) out.push({ field: join(at, 'id'), message: `${join(at, 'id')} must be a slug of 1 to 32 lower-case letters, digits, "_" or "-"` });
    else if (ids.has(id)) out.push({ field: join(at, 'id'), message: `${join(at, 'id')} "${id}" is used by another column` });
    else ids.add(id);
    const name = column['name'];
    if (typeof name !== 'string' || name.trim().length === 0 || name.length > 100) out.push({ field: join(at, 'name'), message: `${join(at, 'name')} must be 1 to 100 characters` });
    const kind = column['kind'];
    if (kind === 'model') {
      out.push(...unknownKeys(column, ['id', 'name', 'kind', 'model', 'messages', 'parameters'], at), ...modelRef(column, at));
      out.push(...messagesProblems(column['messages'], join(at, 'messages'), { allowEmpty: true }));
      if (column['parameters'] !== undefined) out.push(...parametersProblems(column['parameters'], join(at, 'parameters')));
    } else if (kind === 'deployment') {
      out.push(...unknownKeys(column, ['id', 'name', 'kind', 'deployment', 'version', 'variant', 'context'], at));
      const deployment = column['deployment'];
      if (typeof deployment !== 'string' || !/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/.test(deployment)) out.push({ field: join(at, 'deployment'), message: `${join(at, 'deployment')} must be a deployment key` });
      // The gateway's /v2/deployments API routes by context; it has no version or variant pin (yet).
      for (const pin of ['version', 'variant']) {
        if (column[pin] !== undefined) out.push({ field: join(at, pin), message: `${join(at, pin)}: the gateway serves a deployment's current version and routes by context; pin a variant with a context its routing rules map to it` });
      }
      const context = column['context'];
      if (context !== undefined && (!isPlainObject(context) || !Object.values(context).every((v) => ['string', 'number', 'boolean'].includes(typeof v)))) {
        out.push({ field: join(at, 'context'), message: `${join(at, 'context')} must be an object of strings, numbers and booleans` });
      }
    } else out.push({ field: join(at, 'kind'), message: `${join(at, 'kind')} must be one of: ${COLUMN_KINDS.join(', ')}` });
  });
  return out;
}
