import type { ModelHandler } from '../context';
import { unsupportedParameter } from '../http/mock-provider.exception';
import { sendResult } from '../http/send';
import { nowSeconds } from '../shared/clock';
import { planChatReply } from './chat.reply';
import { parseChatRequest, type ChatRequest } from './chat.request';
import { chatCompletion, streamChatCompletion } from './chat.response';

/** `POST /v1/chat/completions`: plain replies, function calls, structured output, vision, streaming. */
export const handleChatCompletions: ModelHandler = (exchange, body, model, context) => {
  const request = parseChatRequest(body);
  const definition = model.definition;
  if (definition.base === 'mock-chat-basic') refuseWhatBasicCannotDo(definition.id, request);
  const reply = planChatReply(request, { chunks: definition.chunks });
  const meta = { id: context.nextId('chatcmpl-mock'), created: nowSeconds(), model: definition.id };
  if (request.stream || definition.alwaysStream) {
    return streamChatCompletion(exchange, meta, request, reply, { chunks: definition.chunks, chunkDelayMs: definition.chunkDelayMs });
  }
  sendResult(exchange, chatCompletion(meta, request, reply));
};

/** `mock-chat-basic` answers like a real text-only model: a 400 naming what it cannot do. */
function refuseWhatBasicCannotDo(model: string, request: ChatRequest): void {
  if (request.tools.length > 0) throw unsupportedParameter(model, 'tools', 'tools');
  if (request.responseFormat.kind === 'json_schema') throw unsupportedParameter(model, "structured output ('response_format' of type 'json_schema')", 'response_format');
  if (request.messages.some((message) => message.imageCount > 0)) throw unsupportedParameter(model, 'image inputs', 'messages');
}
