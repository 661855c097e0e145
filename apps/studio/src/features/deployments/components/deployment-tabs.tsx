import type { ReactNode } from 'react';
import { Link, paths } from '../../../lib/router';

export type DeploymentTab = 'overview' | 'edit' | 'versions' | 'playground';

const TABS: readonly { id: DeploymentTab; label: string; to: (key: string) => string }[] = [
  { id: 'overview', label: 'Overview', to: paths.deployment },
  { id: 'edit', label: 'Edit', to: paths.editDeployment },
  { id: 'versions', label: 'Versions', to: paths.deploymentVersions },
  { id: 'playground', label: 'Playground', to: paths.deploymentPlayground },
];

/** The pages of one deployment, as links (each page has its own address). */
export function DeploymentTabs({ deploymentKey, current }: { deploymentKey: string; current: DeploymentTab }): ReactNode {
  return (
    <nav className="tabs" aria-label={`Deployment ${deploymentKey}`}>
      {TABS.map((tab) => (
        <Link key={tab.id} to={tab.to(deploymentKey)} className="tabs__tab" aria-current={tab.id === current ? 'page' : undefined}>
          {tab.label}
        </Link>
      ))}
    </nav>
  );
}
