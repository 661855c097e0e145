/**
 * Hash routing (`#/models/…`): the registry serves one static file tree and needs no
 * fallback route for deep links, at `/` or under `/studio/` alike.
 */
export interface Location {
  path: string;
  query: URLSearchParams;
}

export function parseHash(hash: string): Location {
  const raw = hash.replace(/^#/, '') || '/';
  const [pathPart = '/', queryPart = ''] = raw.split('?', 2);
  const path = `/${pathPart.replace(/^\/+|\/+$/g, '')}`;
  return { path, query: new URLSearchParams(queryPart) };
}

export type Route =
  | { name: 'garden' }
  | { name: 'add-model' }
  | { name: 'model'; id: string }
  | { name: 'edit-model'; id: string }
  | { name: 'validation'; id: string }
  | { name: 'public-model'; provider: string; key: string }
  | { name: 'usage' }
  | { name: 'budgets' }
  | { name: 'settings' }
  | { name: 'deployments' }
  | { name: 'new-deployment' }
  | { name: 'deployment'; key: string }
  | { name: 'edit-deployment'; key: string }
  | { name: 'deployment-versions'; key: string }
  | { name: 'deployment-playground'; key: string }
  | { name: 'datasets' }
  | { name: 'dataset'; id: string }
  | { name: 'experiments' }
  | { name: 'new-experiment' }
  | { name: 'experiment'; id: string }
  | { name: 'run'; id: string; runId: string }
  | { name: 'not-found'; path: string };

/** The view for a path. Ids are URL-encoded in paths. */
export function matchRoute(path: string): Route {
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  const [first, second, third, fourth] = parts;
  if (parts.length === 0 || (first === 'models' && parts.length === 1)) return { name: 'garden' };
  if (first === 'models' && second === 'new' && parts.length === 2) return { name: 'add-model' };
  if (first === 'models' && second && parts.length === 2) return { name: 'model', id: second };
  if (first === 'models' && second && third === 'edit' && parts.length === 3) return { name: 'edit-model', id: second };
  if (first === 'models' && second && third === 'validation' && parts.length === 3) return { name: 'validation', id: second };
  if (first === 'catalogue' && second && third && !fourth) return { name: 'public-model', provider: second, key: third };
  if (first === 'usage' && parts.length === 1) return { name: 'usage' };
  if (first === 'budgets' && parts.length === 1) return { name: 'budgets' };
  if (first === 'settings' && parts.length === 1) return { name: 'settings' };
  if (first === 'deployments') {
    if (parts.length === 1) return { name: 'deployments' };
    if (second === 'new' && parts.length === 2) return { name: 'new-deployment' };
    if (second && parts.length === 2) return { name: 'deployment', key: second };
    if (second && parts.length === 3 && third === 'edit') return { name: 'edit-deployment', key: second };
    if (second && parts.length === 3 && third === 'versions') return { name: 'deployment-versions', key: second };
    if (second && parts.length === 3 && third === 'playground') return { name: 'deployment-playground', key: second };
  }
  if (first === 'datasets' && parts.length === 1) return { name: 'datasets' };
  if (first === 'datasets' && second && parts.length === 2) return { name: 'dataset', id: second };
  if (first === 'experiments') {
    if (parts.length === 1) return { name: 'experiments' };
    if (second === 'new' && parts.length === 2) return { name: 'new-experiment' };
    if (second && parts.length === 2) return { name: 'experiment', id: second };
    if (second && third === 'runs' && fourth && parts.length === 4) return { name: 'run', id: second, runId: fourth };
  }
  return { name: 'not-found', path };
}

export const paths = {
  garden: (query?: URLSearchParams): string => (query && query.toString() ? `/models?${query.toString()}` : '/models'),
  addModel: (): string => '/models/new',
  model: (id: string, query?: string): string => `/models/${encodeURIComponent(id)}${query ? `?${query}` : ''}`,
  editModel: (id: string): string => `/models/${encodeURIComponent(id)}/edit`,
  validation: (id: string): string => `/models/${encodeURIComponent(id)}/validation`,
  publicModel: (provider: string, key: string): string => `/catalogue/${encodeURIComponent(provider)}/${encodeURIComponent(key)}`,
  usage: (): string => '/usage',
  budgets: (): string => '/budgets',
  settings: (): string => '/settings',
  deployments: (): string => '/deployments',
  newDeployment: (): string => '/deployments/new',
  deployment: (key: string): string => `/deployments/${encodeURIComponent(key)}`,
  editDeployment: (key: string): string => `/deployments/${encodeURIComponent(key)}/edit`,
  deploymentVersions: (key: string): string => `/deployments/${encodeURIComponent(key)}/versions`,
  deploymentPlayground: (key: string): string => `/deployments/${encodeURIComponent(key)}/playground`,
  datasets: (): string => '/datasets',
  dataset: (id: string): string => `/datasets/${encodeURIComponent(id)}`,
  experiments: (): string => '/experiments',
  newExperiment: (): string => '/experiments/new',
  experiment: (id: string): string => `/experiments/${encodeURIComponent(id)}`,
  run: (id: string, runId: string, baseline?: string): string => `/experiments/${encodeURIComponent(id)}/runs/${encodeURIComponent(runId)}${baseline ? `?baseline=${encodeURIComponent(baseline)}` : ''}`,
};

