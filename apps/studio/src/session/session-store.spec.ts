import { type KeyStorage, SESSION_KEY, SessionStore, apiKeyInputError, keyPrefix } from './session-store';

function memoryStorage(): KeyStorage & { items: Map<string, string> } {
  const items = new Map<string, string>();
  return { items, getItem: (k) => items.get(k) ?? null, setItem: (k, v) => void items.set(k, v), removeItem: (k) => void items.delete(k) };
}

describe('session store', () => {
  it('keeps the key in the tab session and forgets it on sign-out', () => {
    const storage = memoryStorage();
    const store = new SessionStore(storage);
    expect(store.read()).toBeNull();
    store.write('  mgk_abcdefabcdef_secret  ');
    expect(storage.items.get(SESSION_KEY)).toBe('mgk_abcdefabcdef_secret');
    expect(store.read()).toBe('mgk_abcdefabcdef_secret');
    store.clear();
    expect(store.read()).toBeNull();
  });

  it('survives storage that throws (disabled storage)', () => {
    const broken: KeyStorage = {
      getItem: () => {
        throw new Error('denied');
      },
      setItem: () => {
        throw new Error('denied');
      },
      removeItem: () => {
        throw new Error('denied');
      },
    };
    const store = new SessionStore(broken);
    expect(() => store.write('k')).not.toThrow();
    expect(store.read()).toBeNull();
    expect(() => store.clear()).not.toThrow();
    expect(new SessionStore(undefined).read()).toBeNull();
  });

  it('shows only the public prefix of a key', () => {
    expect(keyPrefix('mgk_abcdefabcdef_SECRETSECRET')).toBe('mgk_abcdefabcdef_…');
    expect(keyPrefix('something-else')).toBe('some…');
  });

  it('checks a typed key before trying it', () => {
    expect(apiKeyInputError('  ')).toBe('Enter the workspace API key.');
    expect(apiKeyInputError('mgk_a b')).toBe('A workspace API key has no spaces.');
    expect(apiKeyInputError('mgk_abc_def')).toBeNull();
  });
});
