export * from './open-ai-base.adapter';
export * from './open-ai-base.errors';
export * from './open-ai-base.responses';
