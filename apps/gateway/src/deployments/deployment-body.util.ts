import { type VariantParameters, type WireMessage } from '@model-garden/contracts';
import { type RequestOptionLimits, type RequestOptions } from '../inference/request-options.util';
import { type ServingVariant } from './serving-deployment';

/**
 * The OpenAI request a deployment call becomes: the variant's rendered template with
 * `prefix_messages` after its leading system/developer messages and the call's
 * `messages` after the rest, its parameters in OpenAI's names, then the call's
 * `extra_params` over them. A completion model gets the messages' text as one prompt.
 * The shared inference path then applies the model's rules (temperature default,
 * max tokens as default and ceiling) exactly as for `/v1`.
 */
export function assembleMessages(template: WireMessage[], prefix: Record<string, unknown>[], appended: Record<string, unknown>[]): Array<WireMessage | Record<string, unknown>> {
  let lead = 0;
  while (lead < template.length && (template[lead]!.role === 'system' || template[lead]!.role === 'developer')) lead += 1;
  return [...template.slice(0, lead), ...prefix, ...template.slice(lead), ...appended];
}

export function openAiParameters(parameters: VariantParameters, completion: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (parameters.temperature !== undefined) out['temperature'] = parameters.temperature;
  if (parameters.maxTokens !== undefined) out['max_tokens'] = parameters.maxTokens;
  if (parameters.topP !== undefined) out['top_p'] = parameters.topP;
  if (parameters.frequencyPenalty !== undefined) out['frequency_penalty'] = parameters.frequencyPenalty;
  if (parameters.presencePenalty !== undefined) out['presence_penalty'] = parameters.presencePenalty;
  if (parameters.seed !== undefined) out['seed'] = parameters.seed;
  if (parameters.stop !== undefined) out['stop'] = parameters.stop;
  if (completion) return out;
  const format = parameters.responseFormat;
  if (format !== undefined) {
    out['response_format'] =
      format.type === 'json_schema'
        ? { type: 'json_schema', json_schema: { name: format.jsonSchema.name, schema: format.jsonSchema.schema, ...(format.jsonSchema.description !== undefined ? { description: format.jsonSchema.description } : {}), ...(format.jsonSchema.strict !== undefined ? { strict: format.jsonSchema.strict } : {}) } }
        : { type: format.type };
  }
  if (parameters.tools !== undefined && parameters.tools.length > 0) out['tools'] = parameters.tools;
  if (parameters.toolChoice !== undefined) out['tool_choice'] = parameters.toolChoice;
  return out;
}

/** The text of messages, for a completion model's prompt (image parts cannot be part of one). */
export function promptText(messages: Array<WireMessage | Record<string, unknown>>): string {
  const texts: string[] = [];
  for (const message of messages) {
    const content = message['content' as keyof typeof message] as unknown;
    if (typeof content === 'string') texts.push(content);
    else if (Array.isArray(content)) {
      for (const part of content) if (typeof part === 'object' && part !== null && typeof (part as { text?: unknown }).text === 'string') texts.push((part as { text: string }).text);
    }
  }
  return texts.join('\n\n');
}

export function buildVariantBody(
  variant: ServingVariant,
  messages: Array<WireMessage | Record<string, unknown>>,
  extraParams: Record<string, unknown>,
  stream: boolean,
): Record<string, unknown> {
  const completion = variant.view.model.type === 'completion';
  const body: Record<string, unknown> = { model: variant.view.model.id };
  if (completion) body['prompt'] = promptText(messages);
  else body['messages'] = messages;
  Object.assign(body, openAiParameters(variant.view.parameters, completion), extraParams);
  if (stream) body['stream'] = true;
  return body;
}

/** The variant's retry, fallbacks and timeout as the shared path's request options. */
export function variantOptions(variant: ServingVariant, limits: RequestOptionLimits, defaultRetryOn: ReadonlySet<number>): RequestOptions {
  const { retry, fallbacks, timeout } = variant.view;
  return {
    retryCount: retry ? Math.min(retry.count, limits.maxRetryCount) : limits.defaultRetryCount,
    retryOn: retry?.onCodes ? new Set(retry.onCodes) : defaultRetryOn,
    fallbacks: fallbacks.map((fallback) => fallback.model.id),
    callTimeoutMs: timeout?.callTimeoutMs ?? limits.defaultCallTimeoutMs,
  };
}
