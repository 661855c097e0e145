import { type GrpcPricing } from '@model-garden/contracts';
import { type TokenUsage } from '@model-garden/providers';
import { type InferenceEndpoint } from '../inference/endpoints.constant';
import { isRecord } from '../inference/request-options.util';
import { outputCharacters } from '../inference/sse-relay';

/** What a request consumed as the upstream answered, before it is settled into its usage event. */
export interface Consumption {
  inputTokens?: number;
  outputTokens?: number;
  images: number;
  estimated: boolean;
  /** Output characters counted by the gateway, when the upstream sent no usage. */
  outputChars?: number;
  /** Stream events seen, a last-resort estimate of output tokens. */
  streamEvents?: number;
}

/** The tokens a usage event records, settled from a Consumption. */
export interface SettledTokens {
  inputTokens: number;
  outputTokens: number;
  estimated: boolean;
  /** The upstream reported a count no request can reach (or not a whole number): replaced by the estimate. */
  implausible: boolean;
}

/**
 * Token estimates for upstreams that report no usage: about four characters per
 * token (OpenAI's rule of thumb for English), four tokens of framing per chat message,
 * 85 per image part (OpenAI's low-detail price). Events built from them are marked
 * `estimated: true`.
 */
export const CHARS_PER_TOKEN = 4;
const TOKENS_PER_MESSAGE = 4;
const TOKENS_PER_IMAGE_PART = 85;
const PRIMING_TOKENS = 3;

export function tokensForChars(chars: number): number {
  return chars <= 0 ? 0 : Math.ceil(chars / CHARS_PER_TOKEN);
}

/** Estimated input tokens of a request body (the client's, before shaping). */
export function estimateInputTokens(endpoint: InferenceEndpoint, body: Record<string, unknown>): number {
  switch (endpoint) {
    case 'chat.completions':
      return estimateChatInput(body);
    case 'completions':
      return estimatePromptTokens(body['prompt']);
    case 'embeddings':
      return estimatePromptTokens(body['input']);
    case 'images.generations':
      return typeof body['prompt'] === 'string' ? tokensForChars(body['prompt'].length) : 0;
  }
}

function estimateChatInput(body: Record<string, unknown>): number {
  const messages = Array.isArray(body['messages']) ? body['messages'] : [];
  let tokens = PRIMING_TOKENS;
  for (const message of messages) {
    tokens += TOKENS_PER_MESSAGE;
    const content = isRecord(message) ? message['content'] : undefined;
    if (typeof content === 'string') {
      tokens += tokensForChars(content.length);
    } else if (Array.isArray(content)) {
      for (const part of content) {
        if (!isRecord(part)) continue;
        if (typeof part['text'] === 'string') tokens += tokensForChars(part['text'].length);
        else if (part['type'] === 'image_url' || part['type'] === 'input_image') tokens += TOKENS_PER_IMAGE_PART;
      }
    }
    if (isRecord(message) && Array.isArray(message['tool_calls'])) tokens += tokensForChars(JSON.stringify(message['tool_calls']).length);
  }
  if (Array.isArray(body['tools']) && body['tools'].length > 0) tokens += tokensForChars(JSON.stringify(body['tools']).length);
  return tokens;
}

/** A prompt or embedding input: a string, strings, token ids, or arrays of token ids. */
function estimatePromptTokens(input: unknown): number {
  if (typeof input === 'string') return tokensForChars(input.length);
  if (!Array.isArray(input)) return 0;
  let tokens = 0;
  for (const item of input) {
    if (typeof item === 'string') tokens += tokensForChars(item.length);
    else if (typeof item === 'number') tokens += 1;
    else if (Array.isArray(item)) tokens += item.length;
  }
  return tokens;
}

/**
 * Whether an upstream token count may be recorded as it is: a whole number from 0 to
 * the bound (GATEWAY_MAX_USAGE_TOKENS). Anything else (3e9 from a broken or hostile
 * upstream, a negative or fractional count) is replaced by the estimate and marked
 * `estimated`, so it can never stop the registry's usage consumer. Undefined (none
 * reported) is fine: the estimate covers it anyway.
 */
export function saneTokenCount(value: number | undefined, max: number): boolean {
  return value === undefined || (Number.isSafeInteger(value) && value >= 0 && value <= max);
}

/** Cost in USD from the model's prices (per million tokens, per image); unpriced parts cost nothing. */
export function costUsd(pricing: Readonly<GrpcPricing>, inputTokens: number, outputTokens: number, images: number): number {
  const cost =
    (inputTokens * (pricing.inputPerMillionTokens ?? 0)) / 1_000_000 +
    (outputTokens * (pricing.outputPerMillionTokens ?? 0)) / 1_000_000 +
    images * (pricing.perImage ?? 0);
  return Math.round(cost * 1e10) / 1e10;
}

/** The consumption of a JSON answer: the upstream's own usage, or what must be estimated. */
export function answerConsumption(endpoint: InferenceEndpoint, usage: TokenUsage | undefined, json: Record<string, unknown>): Consumption {
  const images = endpoint === 'images.generations' && Array.isArray(json['data']) ? json['data'].length : 0;
  if (usage !== undefined) return { images, estimated: false, inputTokens: usage.promptTokens, outputTokens: usage.completionTokens };
  if (endpoint === 'images.generations') return { images, estimated: false, inputTokens: 0, outputTokens: 0 };
  return { images, estimated: true, outputChars: outputCharacters(json) };
}

/**
 * The tokens to record for a request. Implausible upstream counts (see `saneTokenCount`)
 * are never passed on: they are estimated instead. Once the answer started (`served`,
 * a stream cut or abandoned included) the upstream did the work, so missing counts are
 * estimated from the client's `body` and the output seen; an unserved request records
 * what the upstream reported, or 0.
 */
export function settleTokens(endpoint: InferenceEndpoint, consumption: Consumption, served: boolean, body: Record<string, unknown> | undefined, maxTokens: number): SettledTokens {
  let reportedIn = consumption.inputTokens;
  let reportedOut = consumption.outputTokens;
  let wasEstimated = consumption.estimated;
  const implausible = !wasEstimated && (!saneTokenCount(reportedIn, maxTokens) || !saneTokenCount(reportedOut, maxTokens));
  if (implausible) {
    wasEstimated = true;
    if (!saneTokenCount(reportedIn, maxTokens)) reportedIn = undefined;
    if (!saneTokenCount(reportedOut, maxTokens)) reportedOut = undefined;
  }
  let inputTokens = reportedIn ?? 0;
  let outputTokens = reportedOut ?? 0;
  let estimated = false;
  if (served && wasEstimated) {
    estimated = true;
    if (reportedIn === undefined && body !== undefined) inputTokens = estimateInputTokens(endpoint, body);
    if (reportedOut === undefined) {
      outputTokens = consumption.outputChars !== undefined ? tokensForChars(consumption.outputChars) : Math.max(0, (consumption.streamEvents ?? 0) - 3);
    }
  }
  return { inputTokens, outputTokens, estimated, implausible };
}
