import { isRecord, type JsonObject } from '../http/body';
import { invalidRequest } from '../http/mock-provider.exception';
import { optionalBoolean, optionalInteger, wrongType } from '../http/fields';

/** A chat message reduced to what the mock needs: its text, its images and its size. */
export interface ChatMessage {
  role: string;
  /** Text parts joined with newlines. */
  text: string;
  imageCount: number;
  /** Characters beyond `text` that cost prompt tokens (name, tool-call arguments). */
  extraChars: number;
}

export interface FunctionTool {
  name: string;
  /** The JSON schema of the arguments, when the tool has one. */
  parameters: unknown;
}

export type ToolChoice = { kind: 'auto' } | { kind: 'none' } | { kind: 'required' } | { kind: 'named'; name: string };

export type ResponseFormat = { kind: 'text' } | { kind: 'json_object' } | { kind: 'json_schema'; schema: unknown };

export interface ChatRequest {
  messages: ChatMessage[];
  stream: boolean;
  includeUsage: boolean;
  maxTokens: number | undefined;
  n: number;
  tools: FunctionTool[];
  /** Size of the tool definitions, which cost prompt tokens too. */
  toolChars: number;
  toolChoice: ToolChoice;
  responseFormat: ResponseFormat;
}

const ROLES = new Set(['system', 'developer', 'user', 'assistant', 'tool', 'function']);
const TOOL_NAME = /^[a-zA-Z0-9_-]{1,64}$/;

/** Validates a chat completion request the way OpenAI does where it matters; a bad field is a 400 naming it. */
export function parseChatRequest(body: JsonObject): ChatRequest {
  const stream = optionalBoolean(body, 'stream') ?? false;
  const streamOptions = body.stream_options;
  if (streamOptions !== undefined && streamOptions !== null && !isRecord(streamOptions)) wrongType('stream_options', 'an object', streamOptions);
  const includeUsage = isRecord(streamOptions) ? (optionalBoolean(streamOptions, 'include_usage', 'stream_options.include_usage') ?? false) : false;
  const tools = parseTools(body.tools);
  return {
    messages: parseMessages(body.messages),
    stream,
    includeUsage,
    maxTokens: optionalInteger(body, 'max_completion_tokens', 1, 1_000_000) ?? optionalInteger(body, 'max_tokens', 1, 1_000_000),
    n: optionalInteger(body, 'n', 1, 128) ?? 1,
    tools,
    toolChars: tools.length > 0 ? JSON.stringify(body.tools).length : 0,
    toolChoice: parseToolChoice(body.tool_choice, tools),
    responseFormat: parseResponseFormat(body.response_format),
  };
}

function parseMessages(value: unknown): ChatMessage[] {
  if (value === undefined || value === null) throw invalidRequest("Missing required parameter: 'messages'.", 'messages', 'missing_required_parameter');
  if (!Array.isArray(value)) return wrongType('messages', 'an array', value);
  if (value.length === 0) throw invalidRequest("Invalid 'messages': empty array. Expected an array with minimum length 1.", 'messages', 'empty_array');
  return value.map((message, index) => parseMessage(message, `messages[${index}]`));
}

function parseMessage(value: unknown, param: string): ChatMessage {
  if (!isRecord(value)) return wrongType(param, 'an object', value);
  const role = value.role;
  if (typeof role !== 'string' || !ROLES.has(role)) {
    throw invalidRequest(`Invalid value for '${param}.role': expected one of ${[...ROLES].map((r) => `'${r}'`).join(', ')}.`, `${param}.role`, 'invalid_value');
  }
  let extraChars = typeof value.name === 'string' ? value.name.length : 0;
  if (value.tool_calls !== undefined && value.tool_calls !== null) extraChars += JSON.stringify(value.tool_calls).length;
  const content = value.content;
  if (content === undefined || content === null) {
    if (role === 'assistant') return { role, text: '', imageCount: 0, extraChars };
    throw invalidRequest(`Missing required parameter: '${param}.content'.`, `${param}.content`, 'missing_required_parameter');
  }
  if (typeof content === 'string') return { role, text: content, imageCount: 0, extraChars };
  if (!Array.isArray(content)) return wrongType(`${param}.content`, 'a string or an array of content parts', content);
  const texts: string[] = [];
  let imageCount = 0;
  content.forEach((part: unknown, index) => {
    const partParam = `${param}.content[${index}]`;
    if (!isRecord(part)) return wrongType(partParam, 'an object', part);
    switch (part.type) {
      case 'text':
      case 'refusal': {
        const text = part.type === 'text' ? part.text : part.refusal;
        if (typeof text !== 'string') return wrongType(`${partParam}.${part.type}`, 'a string', text);
        texts.push(text);
        return;
      }
      case 'image_url':
        checkImageUrl(part.image_url, `${partParam}.image_url`);
        imageCount++;
        return;
      case 'input_audio':
      case 'file':
        return;
      default:
        throw invalidRequest(
          `Invalid value for '${partParam}.type': expected one of 'text', 'image_url', 'input_audio', 'file', 'refusal'.`,
          `${partParam}.type`,
          'invalid_value',
        );
    }
  });
  return { role, text: texts.join('\n'), imageCount, extraChars };
}

/** Image URLs are checked for shape only and never fetched. */
function checkImageUrl(value: unknown, param: string): void {
  if (!isRecord(value)) return wrongType(param, 'an object', value);
  const url = value.url;
  if (typeof url !== 'string') return wrongType(`${param}.url`, 'a string', url);
  const ok = /^data:image\/[a-z0-9.+-]+;base64,[A-Za-z0-9+/=\s]+$/i.test(url) || /^https?:\/\/[^\s/?#]+/i.test(url);
  if (!ok) {
    throw invalidRequest(
      `Invalid image URL in '${param}.url': expected an http(s) URL or a base64 data URL of an image.`,
      `${param}.url`,
      'invalid_image_url',
    );
  }
}

function parseTools(value: unknown): FunctionTool[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) return wrongType('tools', 'an array', value);
  return value.map((tool: unknown, index) => {
    const param = `tools[${index}]`;
    if (!isRecord(tool)) return wrongType(param, 'an object', tool);
    if (tool.type !== 'function') {
      throw invalidRequest(`Invalid value for '${param}.type': this provider supports only 'function' tools.`, `${param}.type`, 'invalid_value');
    }
    const fn = tool.function;
    if (!isRecord(fn)) return wrongType(`${param}.function`, 'an object', fn);
    if (typeof fn.name !== 'string' || !TOOL_NAME.test(fn.name)) {
      throw invalidRequest(`Invalid '${param}.function.name': expected a string matching ^[a-zA-Z0-9_-]{1,64}$.`, `${param}.function.name`, 'invalid_value');
    }
    if (fn.parameters !== undefined && !isRecord(fn.parameters)) return wrongType(`${param}.function.parameters`, 'an object', fn.parameters);
    return { name: fn.name, parameters: fn.parameters };
  });
}

function parseToolChoice(value: unknown, tools: FunctionTool[]): ToolChoice {
  if (value === undefined || value === null) return { kind: 'auto' };
  let choice: ToolChoice;
  if (value === 'auto' || value === 'none' || value === 'required') choice = { kind: value };
  else if (isRecord(value) && value.type === 'function' && isRecord(value.function) && typeof value.function.name === 'string') {
    choice = { kind: 'named', name: value.function.name };
  } else {
    throw invalidRequest(
      "Invalid value for 'tool_choice': expected 'none', 'auto', 'required' or {\"type\": \"function\", \"function\": {\"name\": ...}}.",
      'tool_choice',
      'invalid_value',
    );
  }
  if ((choice.kind === 'required' || choice.kind === 'named') && tools.length === 0) {
    throw invalidRequest("Invalid value for 'tool_choice': 'tool_choice' is only allowed when 'tools' are specified.", 'tool_choice', 'invalid_value');
  }
  if (choice.kind === 'named' && !tools.some((tool) => tool.name === choice.name)) {
    throw invalidRequest(`Invalid value for 'tool_choice': no function named '${choice.name}' in 'tools'.`, 'tool_choice', 'invalid_value');
  }
  return choice;
}

function parseResponseFormat(value: unknown): ResponseFormat {
  if (value === undefined || value === null) return { kind: 'text' };
  if (!isRecord(value)) return wrongType('response_format', 'an object', value);
  switch (value.type) {
    case 'text':
      return { kind: 'text' };
    case 'json_object':
      return { kind: 'json_object' };
    case 'json_schema': {
      const spec = value.json_schema;
      if (!isRecord(spec)) throw invalidRequest("Missing required parameter: 'response_format.json_schema'.", 'response_format.json_schema', 'missing_required_parameter');
      if (typeof spec.name !== 'string' || !TOOL_NAME.test(spec.name)) {
        throw invalidRequest(
          "Invalid 'response_format.json_schema.name': expected a string matching ^[a-zA-Z0-9_-]{1,64}$.",
          'response_format.json_schema.name',
          'invalid_value',
        );
      }
      if (spec.schema !== undefined && !isRecord(spec.schema)) return wrongType('response_format.json_schema.schema', 'an object', spec.schema);
      return { kind: 'json_schema', schema: spec.schema ?? {} };
    }
    default:
      throw invalidRequest("Invalid value for 'response_format.type': expected one of 'text', 'json_object', 'json_schema'.", 'response_format.type', 'invalid_value');
  }
}
