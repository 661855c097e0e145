export * from './openai-responses';
