import { TogetherAdapter } from './together.adapter';

export { TogetherAdapter } from './together.adapter';
export const togetherAdapter = new TogetherAdapter();
