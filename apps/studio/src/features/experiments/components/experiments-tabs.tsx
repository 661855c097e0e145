import type { ReactNode } from 'react';
import { Link, paths } from '../../../lib/router';

/** Experiments and the datasets they run on, side by side. */
export function ExperimentsTabs({ current }: { current: 'experiments' | 'datasets' }): ReactNode {
  return (
    <nav className="tabs" aria-label="Experiments section">
      <Link to={paths.experiments()} className="tabs__tab" aria-current={current === 'experiments' ? 'page' : undefined}>
        Experiments
      </Link>
      <Link to={paths.datasets()} className="tabs__tab" aria-current={current === 'datasets' ? 'page' : undefined}>
        Datasets
      </Link>
    </nav>
  );
}
