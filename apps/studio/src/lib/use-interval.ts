import { useEffect, useEffectEvent } from 'react';

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
