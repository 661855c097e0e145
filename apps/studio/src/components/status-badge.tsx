import type { ListedModelStatus } from '@model-garden/contracts/browser';
import type { ReactNode } from 'react';

const LABELS: Record<ListedModelStatus, string> = {
  active: 'Active',
  validating: 'Validating',
  failed: 'Failed',
  degraded: 'Degraded',
  unavailable: 'Unavailable',
};

/** A coloured status with its word (colour is never the only signal). */
export function StatusBadge({ status, title }: { status: ListedModelStatus; title?: string | null }): ReactNode {
  return (
    <span className={`badge badge--${status}`} title={title ?? undefined} data-status={status}>
      <span className="badge__dot" aria-hidden="true" />
      {LABELS[status] ?? status}
    </span>
  );
}
