import { QueryClientProvider } from '@tanstack/react-query';
import { type ReactNode, Suspense, lazy, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { RegistryClient } from '../api/registry-client';
import { GardenView } from '../features/garden/garden-view';
import { ModelDetailsView } from '../features/model-details/model-details-view';
import { AddModelView } from '../features/model-form/add-model-view';
import { EditModelView } from '../features/model-form/edit-model-view';
import { SignInView } from '../features/sign-in/sign-in-view';
import { UsageView } from '../features/usage/usage-view';
import { BudgetsView } from '../features/budgets/budgets-view';
import { ValidationView } from '../features/validation/validation-view';
import { WorkspaceSettingsView } from '../features/workspace-settings/workspace-settings-view';
import { EmptyState, Loading } from '../components/states';
import { Link, type Route, matchRoute, navigate, paths, useLocation } from '../lib/router';
import type { StudioConfig } from '../lib/studio-config';
import { SessionStore, keyPrefix } from '../session/session-store';
import { createQueryClient } from './query-client';
import { type NoticeTone, StudioContext, type StudioContextValue } from './studio-context';

/**
 * The Deployments and Experiments sections load when first opened (their own chunks:
 * TanStack Table and Virtual, Mustache, diff and csv-parse stay out of the first page).
 */
const deployments = () => import('../features/deployments');
const experiments = () => import('../features/experiments');
const DeploymentsListView = lazy(() => deployments().then((m) => ({ default: m.DeploymentsListView })));
const NewDeploymentView = lazy(() => deployments().then((m) => ({ default: m.NewDeploymentView })));
const DeploymentEditorRoute = lazy(() => deployments().then((m) => ({ default: m.DeploymentEditorRoute })));
const DeploymentOverviewView = lazy(() => deployments().then((m) => ({ default: m.DeploymentOverviewView })));
const DeploymentVersionsView = lazy(() => deployments().then((m) => ({ default: m.DeploymentVersionsView })));
const DeploymentPlaygroundView = lazy(() => deployments().then((m) => ({ default: m.DeploymentPlaygroundView })));
const DatasetsListView = lazy(() => experiments().then((m) => ({ default: m.DatasetsListView })));
const DatasetView = lazy(() => experiments().then((m) => ({ default: m.DatasetView })));
const ExperimentsListView = lazy(() => experiments().then((m) => ({ default: m.ExperimentsListView })));
const ExperimentBuilderView = lazy(() => experiments().then((m) => ({ default: m.ExperimentBuilderView })));
const ExperimentView = lazy(() => experiments().then((m) => ({ default: m.ExperimentView })));
const RunView = lazy(() => experiments().then((m) => ({ default: m.RunView })));

const store = new SessionStore(typeof window === 'undefined' ? undefined : window.sessionStorage);

interface Notice {
  id: number;
  message: string;
  tone: NoticeTone;
}

/** Signed out: the key form. Signed in: the studio, with the key in this tab's session only. */
export function App({ config }: { config: StudioConfig }): ReactNode {
  const [apiKey, setApiKey] = useState<string | null>(() => store.read());
  const [signOutReason, setSignOutReason] = useState<string | null>(null);

  const signOut = useCallback((reason?: string) => {
    store.clear();
    setApiKey(null);
    setSignOutReason(reason ?? null);
  }, []);

  if (!apiKey) {
    return (
      <SignInView
        reason={signOutReason}
        onSignedIn={(key) => {
          store.write(key);
          setSignOutReason(null);
          setApiKey(key);
        }}
      />
    );
  }
  return <Studio key={apiKey} apiKey={apiKey} config={config} signOut={signOut} />;
}

function Studio({ apiKey, config, signOut }: { apiKey: string; config: StudioConfig; signOut: (reason?: string) => void }): ReactNode {
  const location = useLocation();
  const route = matchRoute(location.path);
  const [notice, setNotice] = useState<Notice | null>(null);
  const mainRef = useRef<HTMLElement>(null);

  const client = useMemo(
    () => new RegistryClient({ apiKey, onUnauthorized: () => signOut('The registry no longer accepts this workspace API key (revoked or expired). Sign in with another one.') }),
    [apiKey, signOut],
  );
  const notify = useCallback((message: string, tone: NoticeTone = 'info') => setNotice({ id: Date.now(), message, tone }), []);
  // One cache per session (Studio is keyed by the API key): another key never sees the previous workspace's data.
  const [queryClient] = useState(createQueryClient);
  const context = useMemo<StudioContextValue>(() => ({ client, config, apiKey, keyHint: keyPrefix(apiKey), signOut, notify }), [client, config, apiKey, signOut, notify]);

  useEffect(() => {
    if (!notice) return undefined;
    const id = window.setTimeout(() => setNotice(null), notice.tone === 'error' ? 10_000 : 5_000);
    return () => window.clearTimeout(id);
  }, [notice]);

  // A new view moves focus to its heading (once its data has loaded and the heading
  // exists), so keyboard and screen reader users start at the top of it.
  useEffect(() => {
    const main = mainRef.current;
    if (!main) return undefined;
    const focusHeading = (): boolean => {
      const heading = main.querySelector<HTMLElement>('h1');
      if (!heading) return false;
      heading.focus();
      return true;
    };
    if (focusHeading()) return undefined;
    const observer = new MutationObserver(() => {
      if (focusHeading()) observer.disconnect();
    });
    observer.observe(main, { childList: true, subtree: true });
    const stop = window.setTimeout(() => observer.disconnect(), 10_000);
    return () => {
      observer.disconnect();
      window.clearTimeout(stop);
    };
  }, [location.path]);

  useEffect(() => {
    document.title = `${titleOf(route)} · Model Garden Studio`;
  }, [route]);

  const section = route.name === 'usage' ? 'usage' : route.name === 'budgets' ? 'budgets' : route.name === 'settings' ? 'settings' : route.name === 'add-model' ? 'add' : route.name.includes('deployment')
          ? 'deployments'
          : ['datasets', 'dataset', 'experiments', 'new-experiment', 'experiment', 'run'].includes(route.name)
            ? 'experiments'
            : 'garden';

  return (
    <QueryClientProvider client={queryClient}>
    <StudioContext.Provider value={context}>
      <a className="skip-link" href="#main" onClick={(e) => { e.preventDefault(); mainRef.current?.focus(); }}>
        Skip to content
      </a>
      <header className="topbar">
        <div className="topbar__inner">
          <Link to={paths.garden()} className="brand">
            <span className="brand__mark" aria-hidden="true">
              ❀
            </span>{' '}
            Model Garden
          </Link>
          <nav aria-label="Main" className="topnav">
            <Link to={paths.garden()} aria-current={section === 'garden' ? 'page' : undefined}>
              Models
            </Link>
            <Link to={paths.addModel()} aria-current={section === 'add' ? 'page' : undefined}>
              Add model
            </Link>
            <Link to={paths.deployments()} aria-current={section === 'deployments' ? 'page' : undefined}>
              Deployments
            </Link>
            <Link to={paths.experiments()} aria-current={section === 'experiments' ? 'page' : undefined}>
              Experiments
            </Link>
            <Link to={paths.usage()} aria-current={section === 'usage' ? 'page' : undefined}>
              Usage
            </Link>
            <Link to={paths.budgets()} aria-current={section === 'budgets' ? 'page' : undefined}>
              Budgets
            </Link>
            <Link to={paths.settings()} aria-current={section === 'settings' ? 'page' : undefined}>
              Settings
            </Link>
          </nav>
          <div className="topbar__session">
            <span className="muted small mono" title="The workspace API key in use">
              {context.keyHint}
            </span>
            <button type="button" className="button button--ghost button--small" onClick={() => signOut('You signed out. The key was removed from this browser tab.')}>
              Sign out
            </button>
          </div>
        </div>
      </header>
      <div className="toast-region" role="status" aria-live="polite">
        {notice ? (
          <div key={notice.id} className={`toast toast--${notice.tone}`}>
            <span>{notice.message}</span>
            <button type="button" className="toast__close" aria-label="Dismiss" onClick={() => setNotice(null)}>
              ×
            </button>
          </div>
        ) : null}
      </div>
      <main id="main" ref={mainRef} tabIndex={-1} className="main">
        <Suspense fallback={<Loading />}>
          <RouteView route={route} query={location.query} />
        </Suspense>
      </main>
    </StudioContext.Provider>
    </QueryClientProvider>
  );
}

function titleOf(route: Route): string {
  switch (route.name) {
    case 'garden':
      return 'Models';
    case 'add-model':
      return 'Add model';
    case 'model':
    case 'public-model':
      return 'Model';
    case 'edit-model':
      return 'Edit model';
    case 'validation':
      return 'Validation';
    case 'usage':
      return 'Usage';
    case 'budgets':
      return 'Budgets';
    case 'settings':
      return 'Workspace settings';
    case 'deployments':
      return 'Deployments';
    case 'new-deployment':
      return 'New deployment';
    case 'deployment':
      return route.key;
    case 'edit-deployment':
      return `Edit ${route.key}`;
    case 'deployment-versions':
      return `Versions of ${route.key}`;
    case 'deployment-playground':
      return `Playground: ${route.key}`;
    case 'datasets':
      return 'Datasets';
    case 'dataset':
      return 'Dataset';
    case 'experiments':
      return 'Experiments';
    case 'new-experiment':
      return 'New experiment';
    case 'experiment':
      return 'Experiment';
    case 'run':
      return 'Run';
    case 'not-found':
      return 'Not found';
  }
}

function RouteView({ route, query }: { route: Route; query: URLSearchParams }): ReactNode {
  switch (route.name) {
    case 'garden':
      return <GardenView query={query} />;
    case 'add-model':
      return <AddModelView />;
    case 'model':
      return <ModelDetailsView key={route.id} target={{ kind: 'private', id: route.id }} query={query} />;
    case 'public-model':
      return <ModelDetailsView key={`${route.provider}/${route.key}`} target={{ kind: 'public', provider: route.provider, key: route.key }} query={query} />;
    case 'edit-model':
      return <EditModelView key={route.id} id={route.id} />;
    case 'validation':
      return <ValidationView key={route.id} id={route.id} />;
    case 'usage':
      return <UsageView query={query} />;
    case 'budgets':
      return <BudgetsView />;
    case 'settings':
      return <WorkspaceSettingsView />;
    case 'deployments':
      return <DeploymentsListView />;
    case 'new-deployment':
      return <NewDeploymentView />;
    case 'deployment':
      return <DeploymentOverviewView key={route.key} deploymentKey={route.key} />;
    case 'edit-deployment':
      return <DeploymentEditorRoute key={route.key} deploymentKey={route.key} />;
    case 'deployment-versions':
      return <DeploymentVersionsView key={route.key} deploymentKey={route.key} query={query} />;
    case 'deployment-playground':
      return <DeploymentPlaygroundView key={route.key} deploymentKey={route.key} />;
    case 'datasets':
      return <DatasetsListView />;
    case 'dataset':
      return <DatasetView key={route.id} id={route.id} />;
    case 'experiments':
      return <ExperimentsListView />;
    case 'new-experiment':
      return <ExperimentBuilderView />;
    case 'experiment':
      return <ExperimentView key={route.id} id={route.id} />;
    case 'run':
      return <RunView key={route.runId} id={route.id} runId={route.runId} query={query} />;
    case 'not-found':
      return (
        <EmptyState
          title="There is no such page"
          action={
            <button type="button" className="button" onClick={() => navigate(paths.garden())}>
              Go to the garden
            </button>
          }
        >
          <span className="mono">{route.path}</span> is not a page of the studio.
        </EmptyState>
      );
  }
}
