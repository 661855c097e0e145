import { createHash } from 'node:crypto';
import { generateFromSchema } from '../shared/json-schema';
import { padToWords, quote } from '../shared/text';
import { estimateTokens, IMAGE_TOKENS, MESSAGE_OVERHEAD_TOKENS, REPLY_PRIMING_TOKENS, truncateToTokens } from '../shared/tokens';
import type { ChatMessage, ChatRequest, FunctionTool } from './chat.request';

export interface ToolCall {
  id: string;
  type: 'function';
  function: { name: string; arguments: string };
}

/** What the assistant answers: text (maybe cut by the token limit) or one function call. */
export type ChatOutput =
  | { kind: 'text'; content: string; finishReason: 'stop' | 'length' }
  | { kind: 'tool_call'; call: ToolCall; finishReason: 'tool_calls' };

export interface ChatReply {
  output: ChatOutput;
  promptTokens: number;
  /** Per choice. */
  completionTokens: number;
}

/**
 * The deterministic answer to a chat request. A function is called when tools are
 * given, unless `tool_choice` is 'none' or (under 'auto') the last message is already a
 * tool result, so agent loops end. Otherwise the text is "Mock reply to: <the last user
 * message>", or JSON valid against the requested schema.
 */
export function planChatReply(request: ChatRequest, options: { chunks?: number } = {}): ChatReply {
  const promptTokens = countPromptTokens(request);
  const tool = chooseTool(request);
  if (tool !== undefined) {
    const args = tool.parameters === undefined ? '{}' : JSON.stringify(generateFromSchema(tool.parameters));
    const id = `call_${createHash('sha256').update(`${tool.name}\n${request.messages.length}\n${args}`).digest('hex').slice(0, 24)}`;
    const call: ToolCall = { id, type: 'function', function: { name: tool.name, arguments: args } };
    return { output: { kind: 'tool_call', call, finishReason: 'tool_calls' }, promptTokens, completionTokens: estimateTokens(tool.name + args) + 3 };
  }
  let content = replyContent(request);
  if (options.chunks !== undefined && request.responseFormat.kind === 'text') content = padToWords(content, options.chunks);
  const cut = request.maxTokens === undefined ? { text: content, truncated: false } : truncateToTokens(content, request.maxTokens);
  return {
    output: { kind: 'text', content: cut.text, finishReason: cut.truncated ? 'length' : 'stop' },
    promptTokens,
    completionTokens: estimateTokens(cut.text),
  };
}

function chooseTool(request: ChatRequest): FunctionTool | undefined {
  const { tools, toolChoice } = request;
  if (tools.length === 0) return undefined;
  switch (toolChoice.kind) {
    case 'none':
      return undefined;
    case 'named':
      return tools.find((tool) => tool.name === toolChoice.name);
    case 'required':
      return tools[0];
    case 'auto':
      return lastMessage(request).role === 'tool' ? undefined : tools[0];
  }
}

function replyContent(request: ChatRequest): string {
  const text = plainReply(request);
  switch (request.responseFormat.kind) {
    case 'json_schema':
      return JSON.stringify(generateFromSchema(request.responseFormat.schema));
    case 'json_object':
      return JSON.stringify({ reply: text });
    case 'text':
      return text;
  }
}

function plainReply(request: ChatRequest): string {
  const last = lastMessage(request);
  if (last.role === 'tool' || last.role === 'function') return `Mock reply to tool result: ${quote(last.text)}`;
  const user = request.messages.findLast((message) => message.role === 'user');
  if (user === undefined) return 'Mock reply to: (no user message)';
  const images = user.imageCount === 0 ? '' : ` [${user.imageCount} image${user.imageCount === 1 ? '' : 's'}]`;
  return `Mock reply to: ${quote(user.text)}${images}`;
}

/** ≈ ceil(chars/4) per message plus a few tokens of framing each, images at a flat rate, tools by size. */
export function countPromptTokens(request: ChatRequest): number {
  let tokens = REPLY_PRIMING_TOKENS + Math.ceil(request.toolChars / 4);
  for (const message of request.messages) {
    tokens += MESSAGE_OVERHEAD_TOKENS + Math.ceil((message.text.length + message.extraChars) / 4) + message.imageCount * IMAGE_TOKENS;
  }
  return tokens;
}

function lastMessage(request: ChatRequest): ChatMessage {
  return request.messages[request.messages.length - 1];
}
