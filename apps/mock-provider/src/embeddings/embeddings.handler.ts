import type { ModelHandler } from '../context';
import { invalidRequest } from '../http/mock-provider.exception';
import { optionalEnum, optionalInteger, wrongType } from '../http/fields';
import { sendResult } from '../http/send';
import { estimateTokens } from '../shared/tokens';
import { EMBEDDING_DIMENSIONS, embeddingVector, toBase64 } from './embedding.vector';

const MAX_INPUTS = 2048;

/** `POST /v1/embeddings`: one deterministic vector per input, as floats or base64 float32. */
export const handleEmbeddings: ModelHandler = (exchange, body, model) => {
  const inputs = parseInputs(body.input);
  const format = optionalEnum(body, 'encoding_format', ['float', 'base64'] as const) ?? 'float';
  const dimensions = optionalInteger(body, 'dimensions', 1, EMBEDDING_DIMENSIONS) ?? EMBEDDING_DIMENSIONS;
  let promptTokens = 0;
  const data = inputs.map((input, index) => {
    promptTokens += typeof input === 'string' ? estimateTokens(input) : input.length;
    const vector = embeddingVector(input, dimensions);
    return { object: 'embedding', index, embedding: format === 'base64' ? toBase64(vector) : Array.from(vector) };
  });
  sendResult(exchange, { object: 'list', data, model: model.definition.id, usage: { prompt_tokens: promptTokens, total_tokens: promptTokens } });
};

/** An input is a string, an array of strings, an array of token ids, or an array of those; none may be empty. */
function parseInputs(value: unknown): Array<string | number[]> {
  if (value === undefined || value === null) throw invalidRequest("Missing required parameter: 'input'.", 'input', 'missing_required_parameter');
  if (typeof value === 'string') return [nonEmpty(value, 'input')];
  if (!Array.isArray(value)) return wrongType('input', 'a string or an array', value);
  if (value.length === 0) throw invalidRequest("Invalid 'input': empty array. Expected an array with minimum length 1.", 'input', 'empty_array');
  if (value.length > MAX_INPUTS) throw invalidRequest(`Invalid 'input': at most ${MAX_INPUTS} inputs per request.`, 'input', 'array_above_max_length');
  if (value.every((item) => typeof item === 'number')) return [tokens(value, 'input')];
  return value.map((item: unknown, index) => {
    const param = `input[${index}]`;
    if (typeof item === 'string') return nonEmpty(item, param);
    if (Array.isArray(item)) return tokens(item, param);
    return wrongType(param, 'a string or an array of integers', item);
  });
}

function nonEmpty(text: string, param: string): string {
  if (text.length === 0) throw invalidRequest(`Invalid '${param}': empty string. Expected a non-empty string.`, param, 'empty_string');
  return text;
}

function tokens(items: unknown[], param: string): number[] {
  if (items.length === 0) throw invalidRequest(`Invalid '${param}': empty array. Expected an array with minimum length 1.`, param, 'empty_array');
  if (!items.every((token) => typeof token === 'number' && Number.isInteger(token) && token >= 0)) {
    throw invalidRequest(`Invalid '${param}': token arrays must hold non-negative integers.`, param, 'invalid_value');
  }
  return items as number[];
}
