import type { ReactNode } from 'react';
import type { CellCounts, RunStatus } from '@model-garden/contracts/browser';

const BADGE: Record<RunStatus, string> = { queued: 'validating', running: 'validating', completed: 'active', failed: 'failed', cancelled: 'unavailable' };

export function RunStatusBadge({ status }: { status: RunStatus }): ReactNode {
  return (
    <span className={`badge badge--${BADGE[status]}`} data-run-status={status}>
      <span className="badge__dot" aria-hidden="true" />
      {status}
    </span>
  );
}

/** Done cells over all, as a bar and in words. */
export function RunProgress({ counts }: { counts: CellCounts }): ReactNode {
  const done = counts.completed + counts.failed + counts.cancelled;
  const share = counts.total === 0 ? 0 : done / counts.total;
  return (
    <div className="run-progress">
      <progress max={counts.total || 1} value={done} aria-label="Cells done" />
      <span className="small" data-progress={`${done}/${counts.total}`}>
        {done} / {counts.total} cells ({Math.round(share * 100)} %) · {counts.completed} completed · {counts.failed} failed{counts.cancelled ? ` · ${counts.cancelled} cancelled` : ''}
      </span>
    </div>
  );
}
