import { type InferenceEndpoint } from '../inference/endpoints.constant';
import { isRecord } from '../inference/request-options.util';

/**
 * A cached JSON answer replayed as the SSE stream the upstream would have sent, in the
 * same chunk shapes (`chat.completion.chunk`: the role, the content, tool calls, the
 * finish reason, then the usage chunk when `stream_options.include_usage` asked for it;
 * `text_completion` for completions), ending with `data: [DONE]`.
 */
export function replayAsSse(endpoint: InferenceEndpoint, answer: Record<string, unknown>, includeUsage: boolean): string {
  const base = { id: answer['id'], created: answer['created'], model: answer['model'] };
  const choices = Array.isArray(answer['choices']) ? answer['choices'].filter(isRecord) : [];
  const events: unknown[] = [];
  if (endpoint === 'completions') {
    for (const choice of choices) {
      events.push({ ...base, object: 'text_completion', choices: [{ index: choice['index'] ?? 0, text: choice['text'] ?? '', logprobs: null, finish_reason: null }] });
      events.push({ ...base, object: 'text_completion', choices: [{ index: choice['index'] ?? 0, text: '', logprobs: null, finish_reason: choice['finish_reason'] ?? 'stop' }] });
    }
  } else {
    for (const choice of choices) {
      const index = choice['index'] ?? 0;
      const message = isRecord(choice['message']) ? choice['message'] : {};
      const chunk = (delta: Record<string, unknown>, finishReason: unknown = null): unknown => ({
        ...base,
        object: 'chat.completion.chunk',
        choices: [{ index, delta, logprobs: null, finish_reason: finishReason }],
      });
      events.push(chunk({ role: message['role'] ?? 'assistant', content: '' }));
      if (typeof message['content'] === 'string' && message['content'] !== '') events.push(chunk({ content: message['content'] }));
      if (typeof message['refusal'] === 'string' && message['refusal'] !== '') events.push(chunk({ refusal: message['refusal'] }));
      if (Array.isArray(message['tool_calls'])) {
        message['tool_calls'].forEach((call, position) => {
          if (isRecord(call)) events.push(chunk({ tool_calls: [{ index: position, ...call }] }));
        });
      }
      events.push(chunk({}, choice['finish_reason'] ?? 'stop'));
    }
  }
  if (includeUsage && isRecord(answer['usage'])) {
    events.push({ ...base, object: endpoint === 'completions' ? 'text_completion' : 'chat.completion.chunk', choices: [], usage: answer['usage'] });
  }
  return `${events.map((event) => `data: ${JSON.stringify(event)}\n\n`).join('')}data: [DONE]\n\n`;
}
