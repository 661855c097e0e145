/**
 * The workspace API key, entered once and kept for this browser tab only
 * (sessionStorage: gone when the tab closes, never sent anywhere but the registry).
 */
export const SESSION_KEY = 'model-garden.studio.api-key';

/** The part of the Web Storage API the session needs (a fake one in tests). */
export interface KeyStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/** Workspace keys look like `mgk_<prefix>_<secret>`; only the public prefix is ever shown. */
const KEY_SHAPE = /^mgk_([A-Za-z0-9]+)_\S+$/;

export function keyPrefix(apiKey: string): string {
  const match = KEY_SHAPE.exec(apiKey);
  return match ? `mgk_${match[1]}_…` : `${apiKey.slice(0, 4)}…`;
}

export class SessionStore {
  constructor(private readonly storage: KeyStorage | undefined) {}

  read(): string | null {
    try {
      const value = this.storage?.getItem(SESSION_KEY) ?? null;
      return value && value.trim() !== '' ? value : null;
    } catch {
      return null;
    }
  }

  write(apiKey: string): void {
    try {
      this.storage?.setItem(SESSION_KEY, apiKey.trim());
    } catch {
      // Storage disabled (private mode): the key lives in memory for this page only.
    }
  }

  clear(): void {
    try {
      this.storage?.removeItem(SESSION_KEY);
    } catch {
      // Nothing stored.
    }
  }
}

/** The message of the sign-in form for a key typed by hand, or null when it may be tried. */
export function apiKeyInputError(apiKey: string): string | null {
  const trimmed = apiKey.trim();
  if (trimmed === '') return 'Enter the workspace API key.';
  if (/\s/.test(trimmed)) return 'A workspace API key has no spaces.';
  return null;
}
