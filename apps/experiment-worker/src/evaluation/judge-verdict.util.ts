import { fillPlaceholders, type LlmJudgeConfig } from '@model-garden/contracts';
import { type Verdict } from './function-evaluators.util';

export type JudgeScale = LlmJudgeConfig['scale'];

/** Fills the rubric's `{{input}}`, `{{output}}` and `{{expected}}` (the contracts' placeholder rule; null expected is empty). */
export function renderRubric(rubric: string, values: { input: string; output: string; expected: string | null }): string {
  return fillPlaceholders(rubric, values);
}

/** The JSON Schema the judge must answer with (structured output), so its verdict is machine-readable. */
export function verdictSchema(scale: JudgeScale): Record<string, unknown> {
  const verdict = scale.type === 'numeric' ? { type: 'integer', minimum: scale.min, maximum: scale.max } : { type: 'string', enum: ['PASS', 'FAIL'] };
  return { type: 'object', properties: { score: verdict, reason: { type: 'string' } }, required: ['score', 'reason'], additionalProperties: false };
}

/** The instruction added after the rubric, saying how to answer. */
export function scaleInstruction(scale: JudgeScale): string {
  return scale.type === 'numeric'
    ? `Answer with a JSON object {"score": <one integer from ${scale.min} to ${scale.max}>, "reason": "<one sentence>"} and nothing else.`
    : 'Answer with a JSON object {"score": "PASS" or "FAIL", "reason": "<one sentence>"} and nothing else.';
}

/**
 * Parses a judge's answer strictly: a JSON object whose `score` is an integer of the
 * scale (or PASS/FAIL) and whose `reason` is a string. Anything else is an evaluator
 * error, never a zero. A numeric score maps linearly to [0, 1].
 */
export function parseVerdict(answer: string, scale: JudgeScale, passThreshold = 0.5): Verdict {
  const shown = JSON.stringify(answer.length > 120 ? `${answer.slice(0, 120)}…` : answer);
  let value: unknown;
  try {
    value = JSON.parse(answer.trim());
  } catch {
    return { score: null, passed: null, reason: '', error: `The judge's verdict is not JSON: ${shown}.` };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { score: null, passed: null, reason: '', error: `The judge's verdict is not a JSON object: ${shown}.` };
  const { score, reason } = value as { score?: unknown; reason?: unknown };
  const why = typeof reason === 'string' ? reason.slice(0, 2_000) : '';
  if (scale.type === 'pass_fail') {
    if (score !== 'PASS' && score !== 'FAIL') return { score: null, passed: null, reason: '', error: `The judge's score must be "PASS" or "FAIL": ${shown}.` };
    return { score: score === 'PASS' ? 1 : 0, passed: score === 'PASS', reason: why || `The judge answered ${score}.`, error: null };
  }
  if (typeof score !== 'number' || !Number.isInteger(score) || score < scale.min || score > scale.max) {
    return { score: null, passed: null, reason: '', error: `The judge's score must be an integer from ${scale.min} to ${scale.max}: ${shown}.` };
  }
  const normalised = (score - scale.min) / (scale.max - scale.min);
  return { score: normalised, passed: normalised >= passThreshold, reason: why || `The judge gave ${score} of ${scale.max}.`, error: null };
}
