import type { ModelHandler } from '../context';
import { invalidRequest } from '../http/mock-provider.exception';
import { optionalEnum, optionalInteger, optionalString, requiredString } from '../http/fields';
import { sendResult } from '../http/send';
import { nowSeconds } from '../shared/clock';

const SIZE = /^(auto|\d{2,5}x\d{2,5})$/;

/** `POST /v1/images/generations`: `n` copies of the same small PNG, as base64 or as a data URL. */
export const handleImageGenerations: ModelHandler = (exchange, body, _model, context) => {
  const prompt = requiredString(body, 'prompt');
  if (prompt.trim().length === 0) throw invalidRequest("Invalid 'prompt': empty string. Expected a non-empty string.", 'prompt', 'empty_string');
  const n = optionalInteger(body, 'n', 1, 10) ?? 1;
  const format = optionalEnum(body, 'response_format', ['b64_json', 'url'] as const) ?? 'b64_json';
  const size = optionalString(body, 'size');
  if (size !== undefined && !SIZE.test(size)) throw invalidRequest(`Invalid value for 'size': expected 'auto' or WIDTHxHEIGHT, got '${size}'.`, 'size', 'invalid_value');
  const image = format === 'url' ? { url: `data:image/png;base64,${context.pngBase64}` } : { b64_json: context.pngBase64 };
  const data = [];
  for (let i = 0; i < n; i++) data.push({ ...image, revised_prompt: prompt });
  sendResult(exchange, { created: nowSeconds(), data });
};
