import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from './compose';
import { type KeyRef, kubernetesApiVersion, KUBERNETES_DIR, loadManifests, type Manifest, manifestSchemaProblems, podTemplateOf } from './kubernetes';

describe('deploy/kubernetes as a whole', () => {
  const manifests = loadManifests();
  const names = (kind: string): string[] =>
    manifests
      .filter((m) => m.object.kind === kind)
      .map((m) => String(m.object.metadata?.name))
      .sort();

  it(`every document is a valid object of the Kubernetes ${kubernetesApiVersion()} API: no unknown field, every required field, the right types`, () => {
    expect(manifestSchemaProblems(manifests)).toEqual([]);
  });

  it('checks against one pinned Kubernetes version, the one the README names', () => {
    const { devDependencies } = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> };
    expect(devDependencies['kubernetes-types']).toMatch(/^\d+\.\d+\.\d+$/);
    expect(readFileSync(join(KUBERNETES_DIR, 'README.md'), 'utf8')).toContain(`Kubernetes ${kubernetesApiVersion()}`);
  });

  it('has the four services, their Services, autoscaler, disruption budgets, configuration, the migration Job and the Secret template; no infrastructure, no mock provider', () => {
    expect(names('Deployment')).toEqual(['experiment-worker', 'gateway', 'registry', 'validator']);
    expect(names('Service')).toEqual(['gateway', 'registry', 'registry-grpc']);
    expect(names('HorizontalPodAutoscaler')).toEqual(['gateway']);
    expect(names('PodDisruptionBudget')).toEqual(['experiment-worker', 'gateway', 'registry', 'validator']);
    expect(names('ConfigMap')).toEqual(['model-garden-experiment-worker', 'model-garden-gateway', 'model-garden-platform', 'model-garden-registry', 'model-garden-validator']);
    expect(names('Job')).toEqual(['registry-migrate']);
    expect(names('Secret')).toEqual(['model-garden-secrets']);
    expect(manifests.map((m) => m.object.kind).filter((kind) => !['Deployment', 'Service', 'HorizontalPodAutoscaler', 'PodDisruptionBudget', 'ConfigMap', 'Job', 'Secret'].includes(String(kind)))).toEqual([]);
  });

  it('every ConfigMap is read by a workload (a forgotten one would hold settings nothing applies)', () => {
    const containers = manifests.filter((m) => ['Deployment', 'Job'].includes(String(m.object.kind))).flatMap((m) => podTemplateOf(m).spec.containers);
    const referenced = new Set([
      ...containers.flatMap((c) => c.envFrom ?? []).flatMap((from) => (from.configMapRef ? [from.configMapRef.name] : [])),
      ...containers.flatMap((c) => c.env ?? []).flatMap((v) => (v.valueFrom?.configMapKeyRef ? [v.valueFrom.configMapKeyRef.name] : [])),
    ]);
    expect(names('ConfigMap').filter((name) => !referenced.has(name))).toEqual([]);
  });

  it("each Deployment's app has a spec that checks it against the app's code", () => {
    for (const app of names('Deployment')) expect([app, existsSync(join(REPO_ROOT, 'apps', app, 'src/config/kubernetes.spec.ts'))]).toEqual([app, true]);
  });

  it('keeps the migration Job and the Secret template out of `kubectl apply -f deploy/kubernetes/` (not recursive)', () => {
    const top = (m: Manifest): boolean => !m.file.slice('deploy/kubernetes/'.length).includes('/');
    expect(manifests.filter((m) => !top(m)).map((m) => `${m.file}: ${String(m.object.kind)}`)).toEqual([
      'deploy/kubernetes/migrate/registry-migrate.yaml: Job',
      'deploy/kubernetes/secrets/secret.template.yaml: Secret',
    ]);
  });

  describe('the Secret template', () => {
    const secret = manifests.find((m) => m.object.kind === 'Secret')!;
    const template = secret.object['stringData'] as Record<string, string>;
    const refs: KeyRef[] = manifests
      .filter((m) => ['Deployment', 'Job'].includes(String(m.object.kind)))
      .flatMap((m) => podTemplateOf(m).spec.containers)
      .flatMap((c) => c.env ?? [])
      .flatMap((v) => (v.valueFrom?.secretKeyRef ? [v.valueFrom.secretKeyRef] : []));

    it('holds placeholders only, each obviously to be replaced', () => {
      expect(secret.object['data']).toBeUndefined();
      expect(Object.entries(template).filter(([, value]) => !value.includes('REPLACE_ME'))).toEqual([]);
    });

    it('has exactly the keys the workloads require; the optional keys are left out', () => {
      expect(refs.every((ref) => ref.name === secret.object.metadata?.name)).toBe(true);
      const required = new Set(refs.filter((ref) => !ref.optional).map((ref) => ref.key));
      const optional = new Set(refs.filter((ref) => ref.optional).map((ref) => ref.key));
      expect(Object.keys(template).sort()).toEqual([...required].sort());
      expect([...optional].filter((key) => key in template || required.has(key))).toEqual([]);
    });

    it("the README's kubectl command creates the same keys, and names the optional ones", () => {
      const readme = readFileSync(join(KUBERNETES_DIR, 'README.md'), 'utf8');
      const created = [...readme.matchAll(/--from-literal=([A-Z_]+)=/g)].map((m) => m[1]!);
      expect(created.sort()).toEqual(Object.keys(template).sort());
      const optional = [...new Set(refs.filter((ref) => ref.optional).map((ref) => ref.key))];
      expect(optional.filter((key) => !readme.includes(key))).toEqual([]);
    });
  });

  describe('the schema check fails on a broken manifest, naming the file, the document and the path', () => {
    // The mutations reach deep into plain parsed YAML, whose shape is what is under test.
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const broken = (mutate: (object: Record<string, any>) => void, kind = 'Deployment'): string[] => {
      const copy = structuredClone(manifests);
      mutate(copy.find((m) => m.object.kind === kind)!.object);
      return manifestSchemaProblems(copy);
    };
    const first = manifests.find((m) => m.object.kind === 'Deployment')!;
    const where = `${first.file} document ${first.index + 1} (Deployment ${String(first.object.metadata?.name)})`;

    it('an unknown field', () => {
      expect(broken((d) => (d['spec'].template.spec.containers[0].readinessProbe.httpGet.pathh = '/health/ready'))).toEqual([
        `${where}: /spec/template/spec/containers/0/readinessProbe/httpGet/pathh: Object literal may only specify known properties, and '"pathh"' does not exist in type 'HTTPGetAction'.`,
      ]);
    });

    it('a required field missing', () => {
      expect(broken((d) => delete d['spec'].selector)).toEqual([`${where}: /spec: Property 'selector' is missing but required in type 'DeploymentSpec'.`]);
    });

    it('a value of the wrong type', () => {
      expect(broken((d) => (d['spec'].template.spec.containers[0].ports[0].containerPort = '3000'))).toEqual([
        `${where}: /spec/template/spec/containers/0/ports/0/containerPort: Type 'string' is not assignable to type 'number'.`,
      ]);
    });

    it('a kind its apiVersion does not have, and a document without apiVersion', () => {
      expect(broken((d) => (d['apiVersion'] = 'policy/v1'))).toEqual([expect.stringContaining(`${where}: Kubernetes ${kubernetesApiVersion()} has no kind Deployment in policy/v1`)]);
      expect(broken((d) => delete d['apiVersion'], 'Service')).toEqual([expect.stringMatching(/\(Service \w+\): apiVersion and kind must be set$/)]);
    });

    it('an autoscaler field misspelt', () => {
      expect(broken((h) => (h['spec'].metrics[0].resource.target.averageUtilisation = 70), 'HorizontalPodAutoscaler')).toEqual([
        expect.stringMatching(/gateway\.yaml document \d \(HorizontalPodAutoscaler gateway\): \/spec\/metrics\/0\/resource\/target\/averageUtilisation: .* does not exist in type 'MetricTarget'/),
      ]);
    });
  });

  it('reads YAML as kubectl does (YAML 1.1): an unquoted off is a boolean, which a ConfigMap refuses', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mg-kubernetes-'));
    try {
      writeFileSync(join(dir, 'config.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: example\ndata:\n  GATEWAY_DATA_IMAGES_ONLY: off\n  QUOTED: \'off\'\n');
      const problems = manifestSchemaProblems(loadManifests(dir));
      expect(problems).toEqual([expect.stringMatching(/config\.yaml document 1 \(ConfigMap example\): \/data\/GATEWAY_DATA_IMAGES_ONLY: Type 'boolean' is not assignable to type 'string'/)]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
