import { type ChatMessage, type DatapointInputs, fillPlaceholders, placeholderNames } from '@model-garden/contracts';

/** The variables a column's messages use that the datapoint's inputs lack. */
export function missingVariables(messages: readonly ChatMessage[], inputs: DatapointInputs): string[] {
  const missing = new Set<string>();
  for (const message of messages) for (const name of placeholderNames(message.content)) if (!Object.prototype.hasOwnProperty.call(inputs, name)) missing.add(name);
  return [...missing];
}

/** The messages with `{{variable}}` filled from the inputs (the contracts' placeholder rule). */
export function renderMessages(messages: readonly ChatMessage[], inputs: DatapointInputs): ChatMessage[] {
  return messages.map((m) => ({ role: m.role, content: fillPlaceholders(m.content, inputs) }));
}

/** What an LLM judge sees as `{{input}}`: the user messages sent, or the inputs as JSON when there are none. */
export function judgeInput(messages: readonly ChatMessage[], inputs: DatapointInputs): string {
  const user = messages.filter((m) => m.role === 'user').map((m) => m.content);
  return user.length > 0 ? user.join('\n\n') : JSON.stringify(inputs);
}
