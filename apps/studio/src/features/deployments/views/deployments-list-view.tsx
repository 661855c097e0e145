import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useStudio } from '../../../app/studio-context';
import { EmptyState, ErrorState, Loading } from '../../../components/states';
import { formatCount, formatUsd } from '../../../lib/format';
import { Link, navigate, paths } from '../../../lib/router';
import { deploymentUsageQuery, deploymentsQuery } from '../api/deployments-api';
import { HealthBadge } from '../components/health-badge';

/** Every deployment of the workspace with its current version, variants, health and last 24 hours. */
export function DeploymentsListView(): ReactNode {
  const { client } = useStudio();
  const deployments = useQuery({ ...deploymentsQuery(client), refetchInterval: 30_000 });
  const usage = useQuery(deploymentUsageQuery(client));
  const usageOf = (key: string) => usage.data?.groups.find((g) => (g.deploymentKey ?? g.key) === key);

  return (
    <>
      <div className="page-header">
        <div>
          <h1 tabIndex={-1}>Deployments</h1>
          <p className="muted">What applications call instead of a raw model: prompts, models and routing you change without redeploying them.</p>
        </div>
        <div className="page-header__actions">
          <Link to={paths.newDeployment()} className="button button--primary">
            New deployment
          </Link>
        </div>
      </div>
      {deployments.isPending ? <Loading label="Loading deployments…" /> : null}
      {deployments.isError ? <ErrorState title="Deployments could not be loaded" error={deployments.error} onRetry={() => void deployments.refetch()} /> : null}
      {deployments.data && deployments.data.length === 0 ? (
        <EmptyState
          title="No deployments yet"
          action={
            <button type="button" className="button button--primary" onClick={() => navigate(paths.newDeployment())}>
              Create the first one
            </button>
          }
        >
          A deployment gives a prompt template, a model and its parameters a key your application calls through the gateway.
        </EmptyState>
      ) : null}
      {deployments.data && deployments.data.length > 0 ? (
        <div className="table-wrap card">
          <table className="table table--deployments">
            <thead>
              <tr>
                <th scope="col">Key</th>
                <th scope="col">Version</th>
                <th scope="col">Variants</th>
                <th scope="col">Health</th>
                <th scope="col">Calls (24 h)</th>
                <th scope="col">Cost (24 h)</th>
              </tr>
            </thead>
            <tbody>
              {deployments.data.map((d) => {
                const figures = usageOf(d.key);
                return (
                  <tr key={d.id} data-deployment-key={d.key}>
                    <th scope="row">
                      <Link to={paths.deployment(d.key)} className="mono">
                        {d.key}
                      </Link>
                      {d.description ? <div className="muted small">{d.description}</div> : null}
                    </th>
                    <td>v{d.currentVersion}</td>
                    <td>
                      <ul className="plain-list">
                        {d.variants.map((v) => (
                          <li key={v.key} className="small">
                            <span className="mono">{v.key}</span> <span className="muted">→ {v.model}</span>
                          </li>
                        ))}
                      </ul>
                    </td>
                    <td>
                      <HealthBadge health={d.health} />
                    </td>
                    <td data-calls>{usage.isPending ? '…' : formatCount(figures?.requests ?? 0)}</td>
                    <td data-cost>{usage.isPending ? '…' : formatUsd(figures?.costUsd ?? 0)}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          {usage.isError ? <p className="muted small">Calls and cost could not be loaded: {usage.error.message}</p> : null}
        </div>
      ) : null}
    </>
  );
}
