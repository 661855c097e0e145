import type { ReactNode } from 'react';
import type { DeploymentHealth } from '@model-garden/contracts/browser';

const LABELS = { healthy: 'Healthy', degraded: 'Degraded', failing: 'Failing' } as const;
const BADGE = { healthy: 'active', degraded: 'degraded', failing: 'failed' } as const;

/** A deployment's health as a coloured word; the issues are in its title and listed on the overview. */
export function HealthBadge({ health }: { health: DeploymentHealth }): ReactNode {
  const title = health.issues.map((i) => `${i.variant}: ${i.role === 'fallback' ? 'fallback ' : ''}${i.model} ${i.status} (${i.reason})`).join('\n');
  return (
    <span className={`badge badge--${BADGE[health.status]}`} title={title || undefined} data-health={health.status}>
      <span className="badge__dot" aria-hidden="true" />
      {LABELS[health.status]}
    </span>
  );
}
