import type { ModelDefinition } from './model.types';

/** A fixed date, so that model listings are byte-for-byte deterministic. */
const CREATED = 1_735_689_600; // 2025-01-01T00:00:00Z

function builtin(id: string, base: ModelDefinition['base'], behaviour: Partial<ModelDefinition> = {}): ModelDefinition {
  return { id, base, listed: true, origin: 'builtin', created: CREATED, ...behaviour };
}

/** The models every mock provider serves. Fault models count their calls per process. */
export const BUILTIN_MODELS: readonly ModelDefinition[] = [
  builtin('mock-chat', 'mock-chat'),
  builtin('mock-chat-basic', 'mock-chat-basic'),
  builtin('mock-instruct', 'mock-instruct'),
  builtin('mock-embed', 'mock-embed'),
  builtin('mock-image', 'mock-image'),
  builtin('mock-flaky', 'mock-chat', { failFirst: 2, failStatus: 503 }),
  builtin('mock-rate-limited', 'mock-chat', { failFirst: 2, failStatus: 429, retryAfterSeconds: 1 }),
  builtin('mock-hang', 'mock-chat', { hang: true }),
  builtin('mock-stream-only', 'mock-chat', { alwaysStream: true }),
  builtin('mock-slow-stream', 'mock-chat', { chunks: 200, chunkDelayMs: 10 }),
];
