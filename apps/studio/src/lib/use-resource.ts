import { useCallback, useEffect, useEffectEvent, useRef, useState } from 'react';

export type Resource<T> =
  | { status: 'loading'; data?: undefined; error?: undefined }
  | { status: 'error'; data?: T | undefined; error: Error }
  | { status: 'ready'; data: T; error?: undefined };

export interface ResourceHandle<T> {
  resource: Resource<T>;
  /** Loads again. `quiet` keeps the current data on screen meanwhile (polling, after an action). */
  reload: (options?: { quiet?: boolean }) => void;
  /** Replaces the data (an action answered with the new state). */
  setData: (data: T) => void;
  /** True while a quiet reload runs. */
  refreshing: boolean;
}

/**
 * Loads data for a view with its loading, error and ready states. A new `key` loads
 * afresh; a request that is no longer wanted is aborted and its answer ignored.
 */
export function useResource<T>(key: string, load: (signal: AbortSignal) => Promise<T>): ResourceHandle<T> {
  const [resource, setResource] = useState<Resource<T>>({ status: 'loading' });
  const [refreshing, setRefreshing] = useState(false);
  const [generation, setGeneration] = useState({ n: 0, quiet: false });
  const run = useEffectEvent((signal: AbortSignal) => load(signal));
  const lastKey = useRef<string | null>(null);

  useEffect(() => {
    const controller = new AbortController();
    const keyChanged = lastKey.current !== key;
    lastKey.current = key;
    if (keyChanged || !generation.quiet) setResource({ status: 'loading' });
    else setRefreshing(true);
    run(controller.signal)
      .then((data) => {
        if (!controller.signal.aborted) setResource({ status: 'ready', data });
      })
      .catch((error: unknown) => {
        if (controller.signal.aborted) return;
        const err = error instanceof Error ? error : new Error(String(error));
        setResource((previous) => ({ status: 'error', error: err, data: keyChanged ? undefined : previous.data }));
      })
      .finally(() => {
        if (!controller.signal.aborted) setRefreshing(false);
      });
    return () => controller.abort();
  }, [key, generation]);

  const reload = useCallback((options: { quiet?: boolean } = {}) => setGeneration((g) => ({ n: g.n + 1, quiet: options.quiet ?? false })), []);
  const setData = useCallback((data: T) => setResource({ status: 'ready', data }), []);
  return { resource, reload, setData, refreshing };
}

/** Calls `tick` every `intervalMs` while `active`, pausing while the tab is hidden. */
export function useInterval(active: boolean, intervalMs: number, tick: () => void): void {
  const onTick = useEffectEvent(tick);
  useEffect(() => {
    if (!active) return undefined;
    const id = window.setInterval(() => {
      if (document.visibilityState !== 'hidden') onTick();
    }, intervalMs);
    return () => window.clearInterval(id);
  }, [active, intervalMs]);
}
