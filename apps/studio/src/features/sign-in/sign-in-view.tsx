import { type FormEvent, type ReactNode, useEffect, useRef, useState } from 'react';
import { ApiError, RegistryClient } from '../../api/registry-client';
import { apiKeyInputError } from '../../session/session-store';

/**
 * The one place the workspace API key is typed. It is checked against the registry
 * (a one-model listing) before the studio opens.
 */
export function SignInView({ onSignedIn, reason }: { onSignedIn: (apiKey: string) => void; reason?: string | null }): ReactNode {
  const [apiKey, setApiKey] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const inputRef = useRef<HTMLInputElement>(null);

  useEffect(() => inputRef.current?.focus(), []);

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    const problem = apiKeyInputError(apiKey);
    if (problem) {
      setError(problem);
      inputRef.current?.focus();
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await new RegistryClient({ apiKey: apiKey.trim() }).listModels({ limit: 1 });
      onSignedIn(apiKey.trim());
    } catch (e: unknown) {
      setError(e instanceof ApiError && e.isUnauthorized ? 'This key was refused: it is unknown, revoked or expired.' : e instanceof Error ? e.message : String(e));
      inputRef.current?.focus();
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className="sign-in" id="main">
      <form className="card sign-in__card" onSubmit={(e) => void submit(e)} noValidate aria-labelledby="sign-in-title">
        <p className="brand">
          <span className="brand__mark" aria-hidden="true">
            ❀
          </span>{' '}
          Model Garden Studio
        </p>
        <h1 id="sign-in-title">Sign in to your workspace</h1>
        {reason ? (
          <p className="notice notice--info" role="status">
            {reason}
          </p>
        ) : null}
        <div className={`field${error ? ' field--invalid' : ''}`}>
          <label className="field__label" htmlFor="workspace-api-key">
            Workspace API key
          </label>
          <p id="workspace-api-key-hint" className="field__hint">
            Starts with <code>mgk_</code>. It stays in this browser tab only and is forgotten when you sign out or close the tab.
          </p>
          <input
            ref={inputRef}
            id="workspace-api-key"
            className="input"
            type="password"
            autoComplete="off"
            spellCheck={false}
            value={apiKey}
            aria-invalid={error ? true : undefined}
            aria-describedby={`workspace-api-key-hint${error ? ' workspace-api-key-error' : ''}`}
            onChange={(e) => setApiKey(e.target.value)}
          />
          {error ? (
            <p id="workspace-api-key-error" className="field__error" role="alert">
              {error}
            </p>
          ) : null}
        </div>
        <button type="submit" className="button button--primary" disabled={busy}>
          {busy ? 'Checking…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}
