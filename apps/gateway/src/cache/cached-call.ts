import { type InferenceEndpoint } from '../inference/endpoints.constant';
import { assembleStream } from '../inference/stream-assembler.util';

/** A cache entry: the answer as JSON and what it consumed when it was first served. */
export interface CacheEntry {
  answer: Record<string, unknown>;
  inputTokens: number;
  outputTokens: number;
  /** What the first call cost: what every hit saves. */
  costUsd: number;
}

/**
 * The cache's part of one request that asked for `cache: {type: "exact_match"}`: its key
 * and TTL, whether it was a hit (and what the hit saved), and, on a miss, the answer as
 * it passes (JSON, or the SSE text up to the entry size limit) so it can be stored.
 */
export class CachedCall {
  hit: CacheEntry | undefined;
  answer: Record<string, unknown> | undefined;
  private sse: string[] = [];
  private sseBytes = 0;
  private overflowed = false;

  constructor(
    readonly key: string,
    readonly ttlSeconds: number,
    private readonly maxBytes: number,
  ) {}

  /** Keeps SSE text that went to the client (nothing more once over the size limit). */
  collect(chunk: string | Buffer | undefined): void {
    if (chunk === undefined || this.overflowed) return;
    const text = typeof chunk === 'string' ? chunk : chunk.toString('utf8');
    this.sseBytes += Buffer.byteLength(text);
    if (this.sseBytes > this.maxBytes) {
      this.overflowed = true;
      this.sse = [];
      return;
    }
    this.sse.push(text);
  }

  /** The answer to store: the JSON answer, or the stream assembled into one; undefined when too large or unreadable. */
  finalAnswer(endpoint: InferenceEndpoint): Record<string, unknown> | undefined {
    if (this.answer !== undefined) return this.answer;
    if (this.overflowed || this.sse.length === 0) return undefined;
    return assembleStream(endpoint, this.sse.join(''));
  }
}
