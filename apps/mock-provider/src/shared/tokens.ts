/**
 * Token counting that looks real without a tokenizer: about four characters a token,
 * as OpenAI's own rule of thumb says, plus the small fixed costs chat formats add.
 */
export const MESSAGE_OVERHEAD_TOKENS = 4;
export const REPLY_PRIMING_TOKENS = 3;
/** What a low-detail image part costs on OpenAI's vision models. */
export const IMAGE_TOKENS = 85;

export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

/** Cuts text to what `maxTokens` tokens would hold under `estimateTokens`. */
export function truncateToTokens(text: string, maxTokens: number): { text: string; truncated: boolean } {
  if (estimateTokens(text) <= maxTokens) return { text, truncated: false };
  return { text: text.slice(0, maxTokens * 4), truncated: true };
}

export interface Usage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
}

export function usage(promptTokens: number, completionTokens: number): Usage {
  return { prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens };
}
