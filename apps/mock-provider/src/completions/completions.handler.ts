import type { ModelHandler } from '../context';
import { isRecord, type JsonObject } from '../http/body';
import { invalidRequest } from '../http/mock-provider.exception';
import type { Exchange } from '../http/exchange';
import { optionalBoolean, optionalInteger, wrongType } from '../http/fields';
import { sendResult } from '../http/send';
import { SseWriter } from '../http/sse';
import { nowSeconds } from '../shared/clock';
import { padToWords, quote, toPieces } from '../shared/text';
import { estimateTokens, truncateToTokens, usage } from '../shared/tokens';

interface Prompt {
  text: string;
  tokens: number;
}

interface CompletionChoice {
  index: number;
  text: string;
  finishReason: 'stop' | 'length';
}

/** `POST /v1/completions`: the legacy text-completion API, one choice per prompt (times `n`), streamed on request. */
export const handleCompletions: ModelHandler = (exchange, body, model, context) => {
  const prompts = parsePrompts(body.prompt);
  const maxTokens = optionalInteger(body, 'max_tokens', 0, 1_000_000);
  const n = optionalInteger(body, 'n', 1, 128) ?? 1;
  const echo = optionalBoolean(body, 'echo') ?? false;
  const stream = (optionalBoolean(body, 'stream') ?? false) || model.definition.alwaysStream === true;
  const includeUsage = isRecord(body.stream_options) && optionalBoolean(body.stream_options, 'include_usage', 'stream_options.include_usage') === true;
  const chunks = model.definition.chunks;

  const choices: CompletionChoice[] = [];
  let promptTokens = 0;
  let completionTokens = 0;
  prompts.forEach((prompt, p) => {
    promptTokens += prompt.tokens;
    let text = ` Mock completion for: ${quote(prompt.text)}`;
    if (chunks !== undefined) text = padToWords(text, chunks);
    const cut = maxTokens === undefined ? { text, truncated: false } : truncateToTokens(text, maxTokens);
    for (let i = 0; i < n; i++) {
      completionTokens += estimateTokens(cut.text);
      choices.push({ index: p * n + i, text: echo ? prompt.text + cut.text : cut.text, finishReason: cut.truncated ? 'length' : 'stop' });
    }
  });

  const meta = { id: context.nextId('cmpl-mock'), object: 'text_completion', created: nowSeconds(), model: model.definition.id };
  const totals = usage(promptTokens, completionTokens);
  if (stream) return streamCompletions(exchange, meta, choices, includeUsage ? totals : undefined, chunks, model.definition.chunkDelayMs ?? 0);
  sendResult(exchange, {
    ...meta,
    choices: choices.map((choice) => ({ text: choice.text, index: choice.index, logprobs: null, finish_reason: choice.finishReason })),
    usage: totals,
    system_fingerprint: 'fp_mock',
  });
};

async function streamCompletions(
  exchange: Exchange,
  meta: JsonObject,
  choices: CompletionChoice[],
  totals: object | undefined,
  chunks: number | undefined,
  delayMs: number,
): Promise<void> {
  const sse = new SseWriter(exchange);
  sse.open();
  const chunk = (index: number, text: string, finishReason: string | null): object => ({
    ...meta,
    choices: [{ text, index, logprobs: null, finish_reason: finishReason }],
    ...(totals === undefined ? {} : { usage: null }),
  });
  const pieces = choices.map((choice) => toPieces(choice.text, chunks));
  const steps = Math.max(0, ...pieces.map((list) => list.length));
  for (let step = 0; step < steps; step++) {
    if (step > 0 && delayMs > 0 && !(await exchange.delay(delayMs))) return;
    for (let c = 0; c < choices.length; c++) {
      const piece = pieces[c][step];
      if (piece !== undefined && !(await sse.send(chunk(choices[c].index, piece, null)))) return;
    }
  }
  for (const choice of choices) if (!(await sse.send(chunk(choice.index, '', choice.finishReason)))) return;
  if (totals !== undefined && !(await sse.send({ ...meta, choices: [], usage: totals }))) return;
  sse.done();
}

/** A prompt is a string, an array of strings, an array of token ids, or an array of those. */
function parsePrompts(value: unknown): Prompt[] {
  if (value === undefined || value === null) throw invalidRequest("Missing required parameter: 'prompt'.", 'prompt', 'missing_required_parameter');
  if (typeof value === 'string') return [textPrompt(value)];
  if (!Array.isArray(value)) return wrongType('prompt', 'a string or an array', value);
  if (value.length === 0) throw invalidRequest("Invalid 'prompt': empty array. Expected an array with minimum length 1.", 'prompt', 'empty_array');
  if (value.every((item) => typeof item === 'number')) return [tokenPrompt(value, 'prompt')];
  return value.map((item: unknown, index) => {
    if (typeof item === 'string') return textPrompt(item);
    if (Array.isArray(item)) return tokenPrompt(item, `prompt[${index}]`);
    return wrongType(`prompt[${index}]`, 'a string or an array of integers', item);
  });
}

function textPrompt(text: string): Prompt {
  return { text, tokens: Math.max(1, estimateTokens(text)) };
}

function tokenPrompt(tokens: unknown[], param: string): Prompt {
  if (!tokens.every((token) => typeof token === 'number' && Number.isInteger(token) && token >= 0)) {
    throw invalidRequest(`Invalid '${param}': token arrays must hold non-negative integers.`, param, 'invalid_value');
  }
  return { text: `[${tokens.length} tokens]`, tokens: tokens.length };
}
