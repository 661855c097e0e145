import { type ChatMessage, type DatapointInputs } from '@model-garden/contracts';

const PLACEHOLDER = /{{\s*([A-Za-z_][A-Za-z0-9_.-]*)\s*}}/g;

/** The variables a template uses that the datapoint's inputs lack. */
export function missingVariables(messages: readonly ChatMessage[], inputs: DatapointInputs): string[] {
  const missing = new Set<string>();
  for (const message of messages) for (const match of message.content.matchAll(PLACEHOLDER)) if (!(match[1]! in inputs)) missing.add(match[1]!);
  return [...missing];
}

/** Fills `{{variable}}` from the inputs (as written: no escaping; null is empty). */
export function renderMessages(messages: readonly ChatMessage[], inputs: DatapointInputs): ChatMessage[] {
  return messages.map((m) => ({ role: m.role, content: m.content.replace(PLACEHOLDER, (whole, name: string) => (name in inputs ? String(inputs[name] ?? '') : whole)) }));
}

/** What an LLM judge sees as `{{input}}`: the user messages sent, or the inputs as JSON when there are none. */
export function judgeInput(messages: readonly ChatMessage[], inputs: DatapointInputs): string {
  const user = messages.filter((m) => m.role === 'user').map((m) => m.content);
  return user.length > 0 ? user.join('\n\n') : JSON.stringify(inputs);
}
