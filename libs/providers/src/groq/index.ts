import { GroqAdapter } from './groq.adapter';

export { GroqAdapter } from './groq.adapter';
export const groqAdapter = new GroqAdapter();
