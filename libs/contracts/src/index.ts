export * from './browser';
export * from './events';
export * from './queues';
export * from './proto';
export * from './json-schema';
export * from './openai';
