import type { ReactNode } from 'react';
import { ApiError } from '../api/registry-client';

export function Loading({ label = 'Loading…' }: { label?: string }): ReactNode {
  return (
    <div className="state state--loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      <span>{label}</span>
    </div>
  );
}

/** What went wrong, in the registry's words, with a way to try again. */
export function ErrorState({ error, title = 'Something went wrong', onRetry }: { error: Error; title?: string; onRetry?: () => void }): ReactNode {
  const code = error instanceof ApiError ? error.code : undefined;
  return (
    <div className="state state--error" role="alert">
      <h2 className="state__title">{title}</h2>
      <p>{error.message}</p>
      {code && code !== 'network_error' ? <p className="muted small">Code: {code}</p> : null}
      {onRetry ? (
        <button type="button" className="button" onClick={onRetry}>
          Try again
        </button>
      ) : null}
    </div>
  );
}

export function EmptyState({ title, children, action }: { title: string; children?: ReactNode; action?: ReactNode }): ReactNode {
  return (
    <div className="state state--empty">
      <h2 className="state__title">{title}</h2>
      {children ? <div className="muted">{children}</div> : null}
      {action ? <div className="state__action">{action}</div> : null}
    </div>
  );
}
