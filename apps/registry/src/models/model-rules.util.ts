import { MODEL_KEY_MAX } from '@model-garden/contracts';

/** `base-2`, `base-3`, …: the first not in `taken`, within the key length. */
export function suggestFreeKey(base: string, taken: ReadonlySet<string>, maxLength = MODEL_KEY_MAX): string {
  for (let n = 2; ; n += 1) {
    const suffix = `-${n}`;
    const candidate = `${base.slice(0, maxLength - suffix.length).replace(/[-._]+$/g, '')}${suffix}`;
    if (!taken.has(candidate)) return candidate;
  }
}

/** Base URLs are stored without a trailing slash, so API paths append cleanly. */
export function normalizeBaseUrl(href: string): string {
  return href.replace(/\/+$/, '');
}
