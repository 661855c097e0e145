import { matchRoute, parseHash, paths } from './routes';

describe('routes', () => {
  it('parses the hash into a path and a query', () => {
    expect(parseHash('')).toMatchObject({ path: '/' });
    const location = parseHash('#/models/?type=chat&q=llama');
    expect(location.path).toBe('/models');
    expect(location.query.get('type')).toBe('chat');
    expect(location.query.get('q')).toBe('llama');
  });

  it('finds the view of every path', () => {
    expect(matchRoute('/')).toEqual({ name: 'garden' });
    expect(matchRoute('/models')).toEqual({ name: 'garden' });
    expect(matchRoute('/models/new')).toEqual({ name: 'add-model' });
    expect(matchRoute('/models/abc')).toEqual({ name: 'model', id: 'abc' });
    expect(matchRoute('/models/abc/edit')).toEqual({ name: 'edit-model', id: 'abc' });
    expect(matchRoute('/models/abc/validation')).toEqual({ name: 'validation', id: 'abc' });
    expect(matchRoute('/catalogue/groq/llama-3.1-8b')).toEqual({ name: 'public-model', provider: 'groq', key: 'llama-3.1-8b' });
    expect(matchRoute('/usage')).toEqual({ name: 'usage' });
    expect(matchRoute('/models/a/b/c')).toEqual({ name: 'not-found', path: '/models/a/b/c' });
    expect(matchRoute('/deployments')).toEqual({ name: 'deployments' });
    expect(matchRoute('/deployments/new')).toEqual({ name: 'new-deployment' });
    expect(matchRoute('/deployments/support')).toEqual({ name: 'deployment', key: 'support' });
    expect(matchRoute('/deployments/support/edit')).toEqual({ name: 'edit-deployment', key: 'support' });
    expect(matchRoute('/deployments/support/versions')).toEqual({ name: 'deployment-versions', key: 'support' });
    expect(matchRoute('/deployments/support/playground')).toEqual({ name: 'deployment-playground', key: 'support' });
    expect(matchRoute('/deployments/support/nope')).toEqual({ name: 'not-found', path: '/deployments/support/nope' });
    expect(matchRoute('/datasets')).toEqual({ name: 'datasets' });
    expect(matchRoute('/datasets/d1')).toEqual({ name: 'dataset', id: 'd1' });
    expect(matchRoute('/experiments')).toEqual({ name: 'experiments' });
    expect(matchRoute('/experiments/new')).toEqual({ name: 'new-experiment' });
    expect(matchRoute('/experiments/e1')).toEqual({ name: 'experiment', id: 'e1' });
    expect(matchRoute('/experiments/e1/runs/r1')).toEqual({ name: 'run', id: 'e1', runId: 'r1' });
    expect(matchRoute('/experiments/e1/runs')).toEqual({ name: 'not-found', path: '/experiments/e1/runs' });
  });

  it('builds paths that match back', () => {
    expect(matchRoute(parseHash(`#${paths.model('a b')}`).path)).toEqual({ name: 'model', id: 'a b' });
    expect(matchRoute(parseHash(`#${paths.publicModel('together', 'meta/llama')}`).path)).toEqual({ name: 'public-model', provider: 'together', key: 'meta/llama' });
    expect(paths.garden(new URLSearchParams({ owner: 'public' }))).toBe('/models?owner=public');
    expect(paths.model('m1', 'rotate=1')).toBe('/models/m1?rotate=1');
    expect(paths.run('e 1', 'r1', 'r0')).toBe('/experiments/e%201/runs/r1?baseline=r0');
    for (const build of [paths.deployment, paths.editDeployment, paths.deploymentVersions, paths.deploymentPlayground]) {
      expect(matchRoute(parseHash(`#${build('support.v2')}`).path)).toMatchObject({ key: 'support.v2' });
    }
  });
});
