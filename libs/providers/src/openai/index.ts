import { OpenAiAdapter } from './openai.adapter';

export { OpenAiAdapter } from './openai.adapter';
export const openAiAdapter = new OpenAiAdapter();
