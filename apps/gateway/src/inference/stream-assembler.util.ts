import { openAiCompatibleAdapter } from '@model-garden/providers';
import { type InferenceEndpoint } from './endpoints.constant';
import { isRecord } from './request-options.util';
import { parseEventData } from './sse-relay';

interface ToolCallAcc {
  id?: string;
  type: string;
  function: { name: string; arguments: string };
}

interface ChoiceAcc {
  index: number;
  content: string;
  refusal: string | null;
  role: string;
  toolCalls: ToolCallAcc[];
  finishReason: string | null;
}

/**
 * Some servers answer with an SSE stream although the request did not ask for one.
 * A client that did not ask cannot read it, so the gateway assembles the events into
 * the one JSON answer the client expects (chat.completion or text_completion).
 */
export function assembleStream(endpoint: InferenceEndpoint, text: string): Record<string, unknown> | undefined {
  const choices = new Map<number, ChoiceAcc>();
  let first: Record<string, unknown> | undefined;
  let usage: Record<string, unknown> | undefined;
  for (const block of text.split(/\r?\n\r?\n/)) {
    const json = parseEventData(block);
    if (json === undefined) continue;
    first ??= json;
    if (openAiCompatibleAdapter.readUsage(json) !== undefined && isRecord(json['usage'])) usage = json['usage'];
    const list = Array.isArray(json['choices']) ? json['choices'] : [];
    for (const raw of list) {
      if (!isRecord(raw)) continue;
      const index = typeof raw['index'] === 'number' ? raw['index'] : 0;
      const acc = choices.get(index) ?? { index, content: '', refusal: null, role: 'assistant', toolCalls: [], finishReason: null };
      choices.set(index, acc);
      if (typeof raw['finish_reason'] === 'string') acc.finishReason = raw['finish_reason'];
      if (typeof raw['text'] === 'string') acc.content += raw['text'];
      const delta = isRecord(raw['delta']) ? raw['delta'] : undefined;
      if (delta === undefined) continue;
      if (typeof delta['role'] === 'string') acc.role = delta['role'];
      if (typeof delta['content'] === 'string') acc.content += delta['content'];
      if (typeof delta['refusal'] === 'string') acc.refusal = (acc.refusal ?? '') + delta['refusal'];
      if (Array.isArray(delta['tool_calls'])) mergeToolCalls(acc.toolCalls, delta['tool_calls']);
    }
  }
  if (first === undefined) return undefined;
  const ordered = [...choices.values()].sort((a, b) => a.index - b.index);
  const base = { id: first['id'], created: first['created'], model: first['model'], ...(usage ? { usage } : {}) };
  if (endpoint === 'completions') {
    return { ...base, object: 'text_completion', choices: ordered.map((c) => ({ index: c.index, text: c.content, logprobs: null, finish_reason: c.finishReason })) };
  }
  return {
    ...base,
    object: 'chat.completion',
    choices: ordered.map((c) => ({
      index: c.index,
      message: {
        role: c.role,
        content: (c.toolCalls.length > 0 || c.refusal !== null) && c.content === '' ? null : c.content,
        // Always present, as in OpenAI's answers: null unless the model refused.
        refusal: c.refusal,
        ...(c.toolCalls.length > 0 ? { tool_calls: c.toolCalls } : {}),
      },
      logprobs: null,
      finish_reason: c.finishReason,
    })),
  };
}

function mergeToolCalls(calls: ToolCallAcc[], deltas: unknown[]): void {
  deltas.forEach((raw, position) => {
    if (!isRecord(raw)) return;
    const index = typeof raw['index'] === 'number' ? raw['index'] : position;
    const call = (calls[index] ??= { type: 'function', function: { name: '', arguments: '' } });
    if (typeof raw['id'] === 'string') call.id = raw['id'];
    if (typeof raw['type'] === 'string') call.type = raw['type'];
    const fn = isRecord(raw['function']) ? raw['function'] : undefined;
    if (fn === undefined) return;
    if (typeof fn['name'] === 'string') call.function.name += fn['name'];
    if (typeof fn['arguments'] === 'string') call.function.arguments += fn['arguments'];
  });
}
