import { MistralAdapter } from './mistral.adapter';

export { MistralAdapter } from './mistral.adapter';
export const mistralAdapter = new MistralAdapter();
