import type { ModelPricing } from '@model-garden/contracts/browser';

/** The cost of a call from the model's prices (per million tokens), or null without prices. */
export function callCost(pricing: ModelPricing | null | undefined, usage: { promptTokens: number; completionTokens: number } | null): number | null {
  if (!pricing || !usage) return null;
  const input = pricing.inputPerMillionTokens ?? 0;
  const output = pricing.outputPerMillionTokens ?? 0;
  if (input === 0 && output === 0 && pricing.inputPerMillionTokens === undefined && pricing.outputPerMillionTokens === undefined) return null;
  return (usage.promptTokens * input + usage.completionTokens * output) / 1_000_000;
}

export type JsonObjectResult = { ok: true; value: Record<string, unknown> } | { ok: false; error: string };

/** The context of a call as typed: a JSON object (empty text is `{}`). */
export function parseJsonObject(text: string, what: string): JsonObjectResult {
  if (text.trim() === '') return { ok: true, value: {} };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, error: `${what} is not valid JSON: ${error instanceof Error ? error.message : String(error)}` };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { ok: false, error: `${what} must be a JSON object, like {"country": "fr"}.` };
  return { ok: true, value: value as Record<string, unknown> };
}
