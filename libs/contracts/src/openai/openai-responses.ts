import { jsonSchemaProblems } from '../json-schema/json-schema-check';

/**
 * JSON Schemas (2020-12) of the OpenAI answers the gateway serves, written for Model
 * Garden from the semantics of OpenAI's API reference: which fields are required, which
 * may be null, their types and enums. Unknown fields are allowed (OpenAI adds fields over
 * time, providers add their own, the gateway adds `name`, `type` and `status` to models);
 * what a field the reference defines may hold is not.
 *
 * Streamed chunks come in two variants, because what a chunk may carry depends on the
 * request: without `stream_options.include_usage` a chunk has no `usage` (an object at
 * most, never `null`); with it, every chunk has `usage`, `null` except on the last chunk,
 * which has no choices and the usage of the whole request.
 *
 * The end-to-end tier validates every gateway answer against these (`libs/testing`'s
 * `GatewayShapeCheck`); `openAiResponseProblems` names what does not match.
 */

type Schema = Record<string, unknown>;

/** The schema, or null (as a type list or an enum member, so a mismatch is named in one sentence). */
function nullable(schema: Schema): Schema {
  if (typeof schema['type'] === 'string') return { ...schema, type: [schema['type'], 'null'] };
  if (Array.isArray(schema['enum'])) return { ...schema, enum: [...(schema['enum'] as unknown[]), null] };
  return { anyOf: [schema, { type: 'null' }] };
}
const count: Schema = { type: 'integer', minimum: 0 };
const unixSeconds: Schema = { type: 'integer', minimum: 0 };
const text: Schema = { type: 'string' };
const nonEmptyText: Schema = { type: 'string', minLength: 1 };

function object(properties: Record<string, Schema>, required: string[] = []): Schema {
  return { type: 'object', properties, required };
}

/** Token counts of a chat or text completion. */
const completionUsage = object(
  {
    prompt_tokens: count,
    completion_tokens: count,
    total_tokens: count,
    prompt_tokens_details: object({ cached_tokens: count, audio_tokens: count }),
    completion_tokens_details: object({ reasoning_tokens: count, audio_tokens: count, accepted_prediction_tokens: count, rejected_prediction_tokens: count }),
  },
  ['prompt_tokens', 'completion_tokens', 'total_tokens'],
);

/** One token's log probability in a chat answer, with its most likely alternatives. */
const topLogprob = object({ token: text, logprob: { type: 'number' }, bytes: nullable({ type: 'array', items: { type: 'integer' } }) }, ['token', 'logprob', 'bytes']);
const tokenLogprob = object(
  { token: text, logprob: { type: 'number' }, bytes: nullable({ type: 'array', items: { type: 'integer' } }), top_logprobs: { type: 'array', items: topLogprob } },
  ['token', 'logprob', 'bytes', 'top_logprobs'],
);
const chatLogprobs = nullable(
  object({ content: nullable({ type: 'array', items: tokenLogprob }), refusal: nullable({ type: 'array', items: tokenLogprob }) }, ['content', 'refusal']),
);

const chatFinishReason = { enum: ['stop', 'length', 'tool_calls', 'content_filter', 'function_call'] };
const serviceTier = nullable({ enum: ['auto', 'default', 'flex', 'scale', 'priority'] });

/** A finished tool call: a function with its arguments (JSON text), or a custom tool with its input. */
const toolCall: Schema = {
  oneOf: [
    object({ id: nonEmptyText, type: { const: 'function' }, function: object({ name: nonEmptyText, arguments: text }, ['name', 'arguments']) }, ['id', 'type', 'function']),
    object({ id: nonEmptyText, type: { const: 'custom' }, custom: object({ name: nonEmptyText, input: text }, ['name', 'input']) }, ['id', 'type', 'custom']),
  ],
};

/** The assistant's message: text or null, a refusal or null, and the tool calls it made. */
const assistantMessage = object(
  {
    role: { const: 'assistant' },
    content: nullable(text),
    refusal: nullable(text),
    tool_calls: { type: 'array', items: toolCall },
    annotations: { type: 'array', items: object({ type: text }, ['type']) },
    audio: nullable(object({ id: text, data: text, expires_at: unixSeconds, transcript: text }, ['id', 'data', 'expires_at', 'transcript'])),
    function_call: object({ name: text, arguments: text }, ['name', 'arguments']),
  },
  ['role', 'content', 'refusal'],
);

const chatCompletion = object(
  {
    id: nonEmptyText,
    object: { const: 'chat.completion' },
    created: unixSeconds,
    model: nonEmptyText,
    choices: {
      type: 'array',
      items: object({ index: count, message: assistantMessage, finish_reason: chatFinishReason, logprobs: chatLogprobs }, ['index', 'message', 'finish_reason', 'logprobs']),
    },
    usage: completionUsage,
    system_fingerprint: text,
    service_tier: serviceTier,
  },
  ['id', 'object', 'created', 'model', 'choices'],
);

/** A piece of a tool call in a stream: `index` always, the id, type and name on its first piece. */
const toolCallDelta = object(
  { index: count, id: nonEmptyText, type: { const: 'function' }, function: object({ name: nonEmptyText, arguments: text }) },
  ['index'],
);

const chatDelta = object({
  role: { enum: ['developer', 'system', 'user', 'assistant', 'tool'] },
  content: nullable(text),
  refusal: nullable(text),
  tool_calls: { type: 'array', items: toolCallDelta },
  function_call: object({ name: text, arguments: text }),
});

/** `usage` on a chunk: absent or an object when the client did not ask for it; present, null until the last chunk, when it did. */
const usageUnasked = { usage: completionUsage };
const usageAsked = { usage: nullable(completionUsage) };

function chatCompletionChunk(usage: Record<string, Schema>, required: string[]): Schema {
  return object(
    {
      id: nonEmptyText,
      object: { const: 'chat.completion.chunk' },
      created: unixSeconds,
      model: nonEmptyText,
      choices: {
        type: 'array',
        items: object({ index: count, delta: chatDelta, finish_reason: nullable(chatFinishReason), logprobs: chatLogprobs }, ['index', 'delta', 'finish_reason']),
      },
      system_fingerprint: text,
      service_tier: serviceTier,
      ...usage,
    },
    ['id', 'object', 'created', 'model', 'choices', ...required],
  );
}

/** Log probabilities of a text completion: one entry per token in each array. */
const completionLogprobs = nullable(
  object({
    text_offset: { type: 'array', items: count },
    token_logprobs: { type: 'array', items: nullable({ type: 'number' }) },
    tokens: { type: 'array', items: text },
    top_logprobs: { type: 'array', items: nullable({ type: 'object', additionalProperties: { type: 'number' } }) },
  }),
);

const completionFinishReason = { enum: ['stop', 'length', 'content_filter'] };

function completion(finishReason: Schema, usage: Record<string, Schema>, required: string[]): Schema {
  return object(
    {
      id: nonEmptyText,
      object: { const: 'text_completion' },
      created: unixSeconds,
      model: nonEmptyText,
      choices: {
        type: 'array',
        items: object({ index: count, text, logprobs: completionLogprobs, finish_reason: finishReason }, ['index', 'text', 'logprobs', 'finish_reason']),
      },
      system_fingerprint: text,
      ...usage,
    },
    ['id', 'object', 'created', 'model', 'choices', ...required],
  );
}

/** Standard base64 (what `encoding_format: "base64"` returns: little-endian float32s). */
const base64: Schema = { type: 'string', minLength: 1, pattern: '^[A-Za-z0-9+/]*={0,2}$' };

function embeddings(vector: Schema): Schema {
  return object(
    {
      object: { const: 'list' },
      data: { type: 'array', minItems: 1, items: object({ object: { const: 'embedding' }, index: count, embedding: vector }, ['object', 'index', 'embedding']) },
      model: nonEmptyText,
      usage: object({ prompt_tokens: count, total_tokens: count }, ['prompt_tokens', 'total_tokens']),
    },
    ['object', 'data', 'model', 'usage'],
  );
}

/** One generated image: its base64 PNG/JPEG/WebP or a URL, never neither. */
const image: Schema = {
  ...object({ b64_json: base64, url: nonEmptyText, revised_prompt: text }),
  anyOf: [{ required: ['b64_json'] }, { required: ['url'] }],
};

const images = object(
  {
    created: unixSeconds,
    data: { type: 'array', items: image },
    background: { enum: ['transparent', 'opaque'] },
    output_format: { enum: ['png', 'webp', 'jpeg'] },
    quality: { enum: ['low', 'medium', 'high'] },
    size: text,
    usage: object({ input_tokens: count, output_tokens: count, total_tokens: count, input_tokens_details: object({ text_tokens: count, image_tokens: count }) }, [
      'input_tokens',
      'output_tokens',
      'total_tokens',
    ]),
  },
  ['created', 'data'],
);

const model = object({ id: nonEmptyText, object: { const: 'model' }, created: unixSeconds, owned_by: nonEmptyText }, ['id', 'object', 'created', 'owned_by']);

/** Every error: `{"error": {message, type, param, code}}`, all four present, `param` and `code` possibly null. */
const error = object(
  { error: object({ message: nonEmptyText, type: nonEmptyText, param: nullable(text), code: nullable(text) }, ['message', 'type', 'param', 'code']) },
  ['error'],
);

export const OPENAI_RESPONSE_SCHEMAS = {
  /** `POST /v1/chat/completions`: plain text, tool calls, `json_schema` content, refusals. */
  chatCompletion,
  /** A streamed chat chunk when the request did not set `stream_options.include_usage`. */
  chatCompletionChunk: chatCompletionChunk(usageUnasked, []),
  /** A streamed chat chunk when the request set `stream_options.include_usage`. */
  chatCompletionChunkWithUsage: chatCompletionChunk(usageAsked, ['usage']),
  /** `POST /v1/completions`. */
  completion: completion(completionFinishReason, { usage: completionUsage }, []),
  /** A streamed completion chunk (`finish_reason` null until the choice ends), without `include_usage`. */
  completionChunk: completion(nullable(completionFinishReason), usageUnasked, []),
  /** A streamed completion chunk with `include_usage`. */
  completionChunkWithUsage: completion(nullable(completionFinishReason), usageAsked, ['usage']),
  /** `POST /v1/embeddings` with `encoding_format` `float` (the default). */
  embeddings: embeddings({ type: 'array', minItems: 1, items: { type: 'number' } }),
  /** `POST /v1/embeddings` with `encoding_format` `base64`. */
  embeddingsBase64: embeddings(base64),
  /** `POST /v1/images/generations`. */
  images,
  /** `GET /v1/models/{model}`. */
  model,
  /** `GET /v1/models`. */
  modelList: object({ object: { const: 'list' }, data: { type: 'array', items: model } }, ['object', 'data']),
  /** Every error answer, and the error event that ends a broken stream. */
  error,
} as const satisfies Record<string, Schema>;

export type OpenAiResponseShape = keyof typeof OPENAI_RESPONSE_SCHEMAS;

/** What in `value` does not match the OpenAI `shape`, one sentence each (`$.choices[0].usage should be object, got null`); empty when it matches. */
export function openAiResponseProblems(shape: OpenAiResponseShape, value: unknown): string[] {
  return jsonSchemaProblems(OPENAI_RESPONSE_SCHEMAS[shape], value);
}
