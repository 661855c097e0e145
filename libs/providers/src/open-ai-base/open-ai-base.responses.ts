import {
  type ChatCompletionResult,
  type ChatStreamChunk,
  type CompletionResult,
  type EmbeddingResult,
  type ImageResult,
  type TokenUsage,
} from '../core/openai-shapes';
import { type Parsed } from '../core/provider-adapter';

type Obj = Record<string, unknown>;

export function isObject(value: unknown): value is Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function ok<T>(value: T): Parsed<T> {
  return { ok: true, value };
}

export function bad<T>(reason: string): Parsed<T> {
  return { ok: false, reason };
}

/** OpenAI's `usage` object, or undefined when absent or malformed. */
export function readUsage(value: unknown): TokenUsage | undefined {
  if (!isObject(value)) return undefined;
  const prompt = value['prompt_tokens'];
  const completion = value['completion_tokens'] ?? 0;
  if (typeof prompt !== 'number' || typeof completion !== 'number') return undefined;
  const total = typeof value['total_tokens'] === 'number' ? value['total_tokens'] : prompt + completion;
  return { promptTokens: prompt, completionTokens: completion, totalTokens: total };
}

/** `content` as a string: OpenAI sends a string or null; some servers send an array of text parts. */
function readContent(value: unknown): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) {
    return value
      .map((part) => (isObject(part) && typeof part['text'] === 'string' ? part['text'] : ''))
      .join('');
  }
  return '';
}

function firstChoice(json: unknown): Obj | undefined {
  if (!isObject(json) || !Array.isArray(json['choices'])) return undefined;
  const choice = json['choices'][0];
  return isObject(choice) ? choice : undefined;
}

function finishReason(choice: Obj): string | undefined {
  return typeof choice['finish_reason'] === 'string' ? choice['finish_reason'] : undefined;
}

/** `GET /models`: `{"object": "list", "data": [{"id"}]}`, or a bare array of model objects. */
export function parseModelList(json: unknown): Parsed<string[]> {
  const list = Array.isArray(json) ? json : isObject(json) && Array.isArray(json['data']) ? json['data'] : undefined;
  if (list === undefined) return bad('the model list has no "data" array');
  const ids = list.map((item) => (isObject(item) && typeof item['id'] === 'string' ? item['id'] : undefined)).filter((id): id is string => id !== undefined);
  return ok(ids);
}

export function parseChatCompletion(json: unknown): Parsed<ChatCompletionResult> {
  const choice = firstChoice(json);
  if (choice === undefined) return bad('the answer has no "choices[0]"');
  const message = choice['message'];
  if (!isObject(message)) return bad('"choices[0].message" is missing');
  const calls = Array.isArray(message['tool_calls']) ? message['tool_calls'] : [];
  const toolCalls = calls.flatMap((call) => {
    if (!isObject(call) || !isObject(call['function'])) return [];
    const fn = call['function'];
    if (typeof fn['name'] !== 'string') return [];
    const args = typeof fn['arguments'] === 'string' ? fn['arguments'] : JSON.stringify(fn['arguments'] ?? {});
    return [{ id: typeof call['id'] === 'string' ? call['id'] : undefined, name: fn['name'], arguments: args }];
  });
  return ok({ text: readContent(message['content']), toolCalls, finishReason: finishReason(choice), usage: readUsage(isObject(json) ? json['usage'] : undefined) });
}

export function parseChatStreamChunk(json: unknown): Parsed<ChatStreamChunk> {
  if (!isObject(json)) return bad('a stream chunk is not a JSON object');
  const usage = readUsage(json['usage']);
  const choices = Array.isArray(json['choices']) ? json['choices'] : undefined;
  if (choices === undefined) {
    // A usage-only chunk may omit `choices`; anything else without them is not a chunk.
    return usage ? ok({ textDelta: '', toolCallDeltas: [], usage }) : bad('a stream chunk has no "choices" array');
  }
  const choice = isObject(choices[0]) ? choices[0] : undefined;
  const delta = choice && isObject(choice['delta']) ? choice['delta'] : {};
  const calls = Array.isArray(delta['tool_calls']) ? delta['tool_calls'] : [];
  const toolCallDeltas = calls.flatMap((call, position) => {
    if (!isObject(call)) return [];
    const fn = isObject(call['function']) ? call['function'] : {};
    return [
      {
        index: typeof call['index'] === 'number' ? call['index'] : position,
        id: typeof call['id'] === 'string' ? call['id'] : undefined,
        name: typeof fn['name'] === 'string' ? fn['name'] : undefined,
        argumentsDelta: typeof fn['arguments'] === 'string' ? fn['arguments'] : '',
      },
    ];
  });
  return ok({ textDelta: readContent(delta['content']), toolCallDeltas, finishReason: choice ? finishReason(choice) : undefined, usage });
}

export function parseCompletion(json: unknown): Parsed<CompletionResult> {
  const choice = firstChoice(json);
  if (choice === undefined) return bad('the answer has no "choices[0]"');
  if (typeof choice['text'] !== 'string') return bad('"choices[0].text" is not a string');
  return ok({ text: choice['text'], finishReason: finishReason(choice), usage: readUsage(isObject(json) ? json['usage'] : undefined) });
}

/** Decodes a base64 embedding (little-endian float32, as OpenAI's `encoding_format: "base64"`). */
export function decodeBase64Embedding(text: string): number[] | undefined {
  const bytes = Buffer.from(text, 'base64');
  if (bytes.length === 0 || bytes.length % 4 !== 0) return undefined;
  const out: number[] = [];
  for (let offset = 0; offset < bytes.length; offset += 4) out.push(bytes.readFloatLE(offset));
  return out;
}

export function parseEmbeddings(json: unknown): Parsed<EmbeddingResult> {
  if (!isObject(json) || !Array.isArray(json['data'])) return bad('the answer has no "data" array');
  const vectors: number[][] = [];
  for (const [index, item] of json['data'].entries()) {
    const embedding = isObject(item) ? item['embedding'] : undefined;
    const vector = Array.isArray(embedding) ? embedding : typeof embedding === 'string' ? decodeBase64Embedding(embedding) : undefined;
    if (vector === undefined || vector.length === 0 || !vector.every((x) => typeof x === 'number' && Number.isFinite(x))) {
      return bad(`"data[${index}].embedding" is not a vector of numbers`);
    }
    vectors.push(vector as number[]);
  }
  if (vectors.length === 0) return bad('"data" is empty');
  return ok({ vectors, usage: readUsage(json['usage']) });
}

export function parseImages(json: unknown): Parsed<ImageResult> {
  if (!isObject(json) || !Array.isArray(json['data'])) return bad('the answer has no "data" array');
  const images = json['data'].flatMap((item) => {
    if (!isObject(item)) return [];
    const b64 = typeof item['b64_json'] === 'string' && item['b64_json'] !== '' ? item['b64_json'] : undefined;
    const url = typeof item['url'] === 'string' && item['url'] !== '' ? item['url'] : undefined;
    return b64 || url ? [{ b64, url }] : [];
  });
  if (images.length === 0) return bad('"data" holds no image (neither "b64_json" nor "url")');
  return ok({ images });
}
