import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type ReactNode, useState } from 'react';
import { useStudio } from '../../../app/studio-context';
import { Dialog } from '../../../components/dialog';
import { ErrorState, Loading } from '../../../components/states';
import { formatDateTime } from '../../../lib/format';
import { Link, navigate, paths } from '../../../lib/router';
import { deleteDeployment, deploymentKeys, deploymentQuery } from '../api/deployments-api';
import type { DeploymentRouting } from '@model-garden/contracts/browser';
import { DeploymentTabs } from '../components/deployment-tabs';
import { HealthBadge } from '../components/health-badge';
import { OPERATOR_LABELS } from '../lib/routing';
import { variablesOf } from '../lib/template-variables';

function routingText(routing: DeploymentRouting): string[] {
  const lines = routing.rules.map((rule, i) => {
    const when = rule.conditions.map((c) => `${c.field} ${OPERATOR_LABELS[c.operator]} ${Array.isArray(c.value) ? `[${c.value.join(', ')}]` : String(c.value)}`).join(' and ') || 'always';
    const then = rule.variant ?? (rule.split ?? []).map((s) => `${s.variant} ${s.percent} %`).join(' / ') + (rule.split ? ` (sticky on ${rule.stickyBy ?? 'identity.id'})` : '');
    return `${i + 1}. when ${when} → ${then}`;
  });
  return [...lines, `else → ${routing.defaultVariant}`];
}

/** A deployment at a glance: health (which variants are affected and why), the current version, routing. */
export function DeploymentOverviewView({ deploymentKey }: { deploymentKey: string }): ReactNode {
  const { client, notify } = useStudio();
  const queryClient = useQueryClient();
  const deployment = useQuery({ ...deploymentQuery(client, deploymentKey), refetchInterval: 15_000 });
  const [deleting, setDeleting] = useState(false);
  const remove = useMutation({
    mutationFn: () => deleteDeployment(client, deploymentKey),
    onSuccess: async () => {
      setDeleting(false);
      queryClient.removeQueries({ queryKey: deploymentKeys.one(deploymentKey) });
      await queryClient.invalidateQueries({ queryKey: deploymentKeys.all });
      notify(`${deploymentKey} was deleted; calls to it now get 404.`, 'success');
      navigate(paths.deployments());
    },
  });
  if (deployment.isPending) return <Loading label="Loading the deployment…" />;
  if (deployment.isError) return <ErrorState title="The deployment could not be loaded" error={deployment.error} onRetry={() => void deployment.refetch()} />;
  const d = deployment.data;
  return (
    <>
      <div className="page-header">
        <div>
          <h1 tabIndex={-1} className="mono">
            {d.key}
          </h1>
          <p className="muted">{d.description ?? 'No description.'}</p>
        </div>
        <div className="page-header__actions">
          <HealthBadge health={d.health} />
          <Link to={paths.deploymentPlayground(d.key)} className="button">
            Try it
          </Link>
          <button type="button" className="button button--ghost" onClick={() => setDeleting(true)}>
            Delete…
          </button>
        </div>
      </div>
      <DeploymentTabs deploymentKey={d.key} current="overview" />
      {d.health.issues.length > 0 ? (
        <section className="card" aria-labelledby="health-title" data-testid="health-issues">
          <h2 id="health-title">Health</h2>
          <ul>
            {d.health.issues.map((issue, i) => (
              <li key={i}>
                Variant <span className="mono">{issue.variant}</span>: {issue.role === 'fallback' ? 'fallback' : 'model'} <span className="mono">{issue.model}</span> is {issue.status}: {issue.reason}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <section className="card" aria-labelledby="current-title">
        <h2 id="current-title">Version {d.currentVersion}</h2>
        <p className="muted small">
          Published {formatDateTime(d.current.publishedAt)}
          {d.current.restoredFrom ? ` (a restore of version ${d.current.restoredFrom})` : ''}
          {d.current.note ? `: ${d.current.note}` : ''}
        </p>
        <table className="table table--compact">
          <thead>
            <tr>
              <th scope="col">Variant</th>
              <th scope="col">Model</th>
              <th scope="col">Variables</th>
              <th scope="col">Fallbacks</th>
            </tr>
          </thead>
          <tbody>
            {d.current.variants.map((v) => (
              <tr key={v.key} data-variant={v.key}>
                <th scope="row" className="mono">
                  {v.key}
                </th>
                <td className="mono">{v.model.ref}</td>
                <td className="mono small">
                  {(v.variables.length > 0 ? v.variables.map((x) => `${x.name}${x.required ? '' : `=${x.default ?? ''}`}`) : variablesOf(v.messages.map((m) => (typeof m.content === 'string' ? m.content : '')))).join(', ') || '—'}
                </td>
                <td className="mono small">{v.fallbacks.map((f) => f.model.ref).join(', ') || '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <h3>Routing</h3>
        <ul className="plain-list mono small" data-testid="routing-summary">
          {routingText(d.current.routing).map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
      </section>
      <Dialog open={deleting} title={`Delete ${d.key}?`} onClose={() => setDeleting(false)} describedBy="delete-deployment-warning">
        <p id="delete-deployment-warning">
          Applications calling <span className="mono">{d.key}</span> get 404 at once, at every gateway. Its {d.currentVersion} version{d.currentVersion === 1 ? '' : 's'} go with it; its usage stays in the reports.
        </p>
        {remove.isError ? (
          <p className="field__error" role="alert">
            {remove.error.message}
          </p>
        ) : null}
        <div className="dialog__actions">
          <button type="button" className="button button--ghost" onClick={() => setDeleting(false)}>
            Keep it
          </button>
          <button type="button" className="button button--danger" onClick={() => remove.mutate()} disabled={remove.isPending}>
            {remove.isPending ? 'Deleting…' : `Delete ${d.key}`}
          </button>
        </div>
      </Dialog>
    </>
  );
}
