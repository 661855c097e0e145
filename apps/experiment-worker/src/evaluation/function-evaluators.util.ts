import {
  type ContainsConfig,
  type EvaluatorScore,
  type ExactMatchConfig,
  type JsonSchemaConfig,
  type LengthConfig,
  type LevenshteinConfig,
  type RegexConfig,
} from '@model-garden/contracts';
import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { distance } from 'fastest-levenshtein';

/** What a function evaluator judges: the answer, and the datapoint's expected output. */
export interface Judged {
  output: string;
  expected: string | null;
}

export type Verdict = Omit<EvaluatorScore, 'evaluatorId'>;

export const pass = (reason: string): Verdict => ({ score: 1, passed: true, reason, error: null });
export const fail = (reason: string): Verdict => ({ score: 0, passed: false, reason, error: null });
/** The evaluator could not judge: an error, never a zero. */
export const cannotJudge = (error: string): Verdict => ({ score: null, passed: null, reason: '', error });

const NO_EXPECTED = 'The datapoint has no expected output to compare with.';

function quote(text: string, max = 80): string {
  return JSON.stringify(text.length > max ? `${text.slice(0, max)}…` : text);
}

export function exactMatch(judged: Judged, config: ExactMatchConfig): Verdict {
  if (judged.expected === null) return cannotJudge(NO_EXPECTED);
  const fold = (s: string) => (config.caseSensitive === false ? s.trim().toLowerCase() : s.trim());
  return fold(judged.output) === fold(judged.expected) ? pass('The answer equals the expected output.') : fail(`The answer differs from the expected output ${quote(judged.expected)}.`);
}

export function contains(judged: Judged, config: ContainsConfig): Verdict {
  const fold = (s: string) => (config.caseSensitive ? s : s.toLowerCase());
  const output = fold(judged.output);
  const found = config.values.filter((v) => output.includes(fold(v)));
  const missing = config.values.filter((v) => !found.includes(v));
  switch (config.mode) {
    case 'any':
      return found.length > 0 ? pass(`Contains ${quote(found[0]!)}.`) : fail(`Contains none of ${config.values.length} values.`);
    case 'all':
      return missing.length === 0 ? pass(`Contains all ${config.values.length} values.`) : fail(`Misses ${missing.map((m) => quote(m, 40)).join(', ')}.`);
    case 'none':
      return found.length === 0 ? pass(`Contains none of the ${config.values.length} values.`) : fail(`Contains ${found.map((f) => quote(f, 40)).join(', ')}.`);
  }
}

export function regex(judged: Judged, config: RegexConfig): Verdict {
  let pattern: RegExp;
  try {
    pattern = new RegExp(config.pattern, config.flags ?? '');
  } catch (error) {
    return cannotJudge(`The pattern is not a valid regular expression: ${(error as Error).message}`);
  }
  return pattern.test(judged.output) ? pass(`Matches /${config.pattern}/${config.flags ?? ''}.`) : fail(`Does not match /${config.pattern}/${config.flags ?? ''}.`);
}

export function validJson(judged: Judged): Verdict {
  try {
    JSON.parse(judged.output);
    return pass('The answer is valid JSON.');
  } catch (error) {
    return fail(`The answer is not valid JSON: ${(error as Error).message}`);
  }
}

const compiled = new Map<string, ValidateFunction>();
const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);

export function jsonSchema(judged: Judged, config: JsonSchemaConfig): Verdict {
  const key = JSON.stringify(config.schema);
  let validate = compiled.get(key);
  if (!validate) {
    try {
      validate = ajv.compile(config.schema);
    } catch (error) {
      return cannotJudge(`The JSON Schema does not compile: ${(error as Error).message}`);
    }
    if (compiled.size > 500) compiled.clear();
    compiled.set(key, validate);
  }
  let value: unknown;
  try {
    value = JSON.parse(judged.output);
  } catch (error) {
    return fail(`The answer is not JSON: ${(error as Error).message}`);
  }
  if (validate(value)) return pass('The answer is valid against the schema.');
  const problems = (validate.errors ?? []).slice(0, 3).map((e) => `${e.instancePath || '/'} ${e.message ?? 'is invalid'}`);
  return fail(`The answer does not match the schema: ${problems.join('; ')}.`);
}

/** 1 − edit distance / length of the longer text (1 for two empty texts). */
export function levenshteinSimilarity(a: string, b: string): number {
  const longer = Math.max(a.length, b.length);
  return longer === 0 ? 1 : 1 - distance(a, b) / longer;
}

export function levenshtein(judged: Judged, config: LevenshteinConfig): Verdict {
  if (judged.expected === null) return cannotJudge(NO_EXPECTED);
  const fold = (s: string) => (config.caseSensitive === false ? s.trim().toLowerCase() : s.trim());
  const score = Math.round(levenshteinSimilarity(fold(judged.output), fold(judged.expected)) * 1e6) / 1e6;
  const threshold = config.passThreshold ?? 0.8;
  return { score, passed: score >= threshold, reason: `Similarity ${score.toFixed(3)} to the expected output (passes at ${threshold}).`, error: null };
}

export function length(judged: Judged, config: LengthConfig): Verdict {
  const n = [...judged.output].length;
  if (config.min !== undefined && n < config.min) return fail(`${n} characters, fewer than ${config.min}.`);
  if (config.max !== undefined && n > config.max) return fail(`${n} characters, more than ${config.max}.`);
  return pass(`${n} characters, within bounds.`);
}

/** Cosine similarity of two vectors, clamped to [0, 1] (opposite meanings score 0). */
export function cosineScore(a: readonly number[], b: readonly number[]): number {
  if (a.length !== b.length || a.length === 0) throw new Error(`the embeddings have different dimensions (${a.length} and ${b.length})`);
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i += 1) {
    dot += a[i]! * b[i]!;
    na += a[i]! * a[i]!;
    nb += b[i]! * b[i]!;
  }
  if (na === 0 || nb === 0) throw new Error('an embedding is the zero vector');
  return Math.max(0, Math.min(1, dot / Math.sqrt(na * nb)));
}
