/**
 * A bounded in-process cache of registry answers with per-entry expiry, one load per
 * key at a time (concurrent misses share it), and invalidation that also discards
 * loads already in flight (so an answer fetched before an invalidation event is never
 * stored after it).
 *
 * `null` values are negative answers (unknown key or model) and expire on their own,
 * shorter TTL. They live in their own, smaller map, so unknown names cannot push known
 * ones out. An expired entry may still serve while the registry cannot be reached
 * (`staleIfErrorMs`), unless it was invalidated: invalidation deletes.
 */
export interface ResolutionCacheOptions {
  /** Largest number of known values kept. */
  maxEntries: number;
  /**
   * Largest number of negative answers kept, apart from the known values: a flood of
   * random keys or model names only ever evicts other negative answers, never a valid
   * key or model. Defaults to a tenth of `maxEntries`.
   */
  maxNegativeEntries?: number;
  ttlMs: number;
  negativeTtlMs: number;
  staleIfErrorMs: number;
  now?: () => number;
}

interface Entry<V> {
  value: V | null;
  expiresAt: number;
}

export type CacheOutcome = 'hit' | 'miss' | 'negative_hit' | 'stale';

export interface Loaded<V> {
  value: V | null;
  /** How long this value may be cached; defaults to the TTL (or the negative TTL for null). */
  ttlMs?: number;
}

export class ResolutionCache<V> {
  private readonly entries = new Map<string, Entry<V>>();
  private readonly negatives = new Map<string, Entry<V>>();
  private readonly maxNegativeEntries: number;
  private readonly loading = new Map<string, Promise<V | null>>();
  private epoch = 0;
  private readonly now: () => number;

  constructor(private readonly options: ResolutionCacheOptions) {
    this.now = options.now ?? Date.now;
    this.maxNegativeEntries = options.maxNegativeEntries ?? Math.max(1, Math.floor(options.maxEntries / 10));
  }

  /** Known values cached. */
  get size(): number {
    return this.entries.size;
  }

  /** Negative answers cached. */
  get negativeSize(): number {
    return this.negatives.size;
  }

  /** The fresh cached value (or null for a cached negative), or undefined on a miss. */
  peek(key: string): { value: V | null } | undefined {
    const entry = this.entries.get(key) ?? this.negatives.get(key);
    if (entry === undefined || entry.expiresAt <= this.now()) return undefined;
    return { value: entry.value };
  }

  /** Whether the key has a known (non-null) value, fresh or expired: it was valid when last seen. */
  hasKnown(key: string): boolean {
    return this.entries.has(key);
  }

  /**
   * The fresh cached value (null for a cached negative) counted as a hit, or undefined
   * (nothing counted) when `get` must load: the hot path's lookup without a promise.
   */
  fresh(key: string, onOutcome?: (outcome: CacheOutcome) => void): V | null | undefined {
    const entry = this.entries.get(key) ?? this.negatives.get(key);
    if (entry === undefined || entry.expiresAt <= this.now()) return undefined;
    onOutcome?.(entry.value === null ? 'negative_hit' : 'hit');
    return entry.value;
  }

  /**
   * The cached value, or the loader's. `isUnavailable(error)` says whether a load
   * failure means the registry is unreachable (then a stale entry may serve).
   */
  async get(
    key: string,
    load: () => Promise<Loaded<V>>,
    isUnavailable: (error: unknown) => boolean,
    onOutcome?: (outcome: CacheOutcome) => void,
  ): Promise<V | null> {
    const entry = this.entries.get(key) ?? this.negatives.get(key);
    const now = this.now();
    if (entry !== undefined && entry.expiresAt > now) {
      onOutcome?.(entry.value === null ? 'negative_hit' : 'hit');
      return entry.value;
    }
    onOutcome?.('miss');
    const pending = this.loading.get(key);
    if (pending) return pending;
    const startedEpoch = this.epoch;
    const promise = load().then(
      (loaded) => {
        if (this.epoch === startedEpoch) this.store(key, loaded);
        return loaded.value;
      },
      (error: unknown) => {
        const stale = this.entries.get(key);
        if (stale !== undefined && stale.value !== null && isUnavailable(error) && stale.expiresAt + this.options.staleIfErrorMs > this.now()) {
          onOutcome?.('stale');
          return stale.value;
        }
        throw error;
      },
    );
    this.loading.set(key, promise);
    const clear = (): void => {
      if (this.loading.get(key) === promise) this.loading.delete(key);
    };
    promise.then(clear, clear);
    return promise;
  }

  set(key: string, loaded: Loaded<V>): void {
    this.store(key, loaded);
  }

  /** Drops every entry the predicate selects, and makes loads in flight not store their answer. */
  invalidate(predicate: (key: string, value: V | null) => boolean): number {
    this.epoch += 1;
    let dropped = 0;
    for (const map of [this.entries, this.negatives]) {
      for (const [key, entry] of map) {
        if (predicate(key, entry.value)) {
          map.delete(key);
          dropped += 1;
        }
      }
    }
    return dropped;
  }

  clear(): void {
    this.epoch += 1;
    this.entries.clear();
    this.negatives.clear();
  }

  private store(key: string, loaded: Loaded<V>): void {
    const ttl = loaded.ttlMs ?? (loaded.value === null ? this.options.negativeTtlMs : this.options.ttlMs);
    // A key is in at most one of the two maps: a stored answer replaces the other kind.
    this.entries.delete(key);
    this.negatives.delete(key);
    if (ttl <= 0) return;
    const [map, max] = loaded.value === null ? [this.negatives, this.maxNegativeEntries] : [this.entries, this.options.maxEntries];
    // Re-inserting moves the key to the end, so the first key is always the oldest write.
    map.set(key, { value: loaded.value, expiresAt: this.now() + ttl });
    while (map.size > max) {
      const oldest = map.keys().next();
      if (oldest.done) break;
      map.delete(oldest.value);
    }
  }
}
