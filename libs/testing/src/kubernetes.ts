import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type * as TypeScript from 'typescript';
import { parseAllDocuments } from 'yaml';
import { type Environment } from './compose';
import { workspaceRoot } from './workspace-root';

/**
 * Reads the Kubernetes manifests of deploy/kubernetes the way kubectl does and checks
 * them without a cluster: each document against the API types of a pinned Kubernetes
 * version (the `kubernetes-types` package, checked by the TypeScript compiler: unknown
 * fields, missing required fields and wrong types are errors), and the containers'
 * environment, probes, ports and images against the apps (the unit specs beside each
 * app's config). The checks return lists of problems: `expect(problems).toEqual([])`
 * shows every one at once.
 */
const REPO_ROOT = workspaceRoot(__dirname);
export const KUBERNETES_DIR = join(REPO_ROOT, 'deploy/kubernetes');

/** The Kubernetes version whose API types the manifests are checked against (the pinned `kubernetes-types`), e.g. `1.30`. */
export function kubernetesApiVersion(): string {
  const { version } = JSON.parse(readFileSync(require.resolve('kubernetes-types/package.json'), 'utf8')) as { version: string };
  return version.split('.').slice(0, 2).join('.');
}

export type KubeObject = Record<string, unknown> & { apiVersion?: unknown; kind?: unknown; metadata?: { name?: unknown; labels?: Record<string, string> } };

export interface Manifest {
  /** Path relative to the repository root. */
  file: string;
  /** Position of the document in its file, from 0. */
  index: number;
  object: KubeObject;
}

/** Every YAML document under `dir` (recursively), parsed as YAML 1.1 like kubectl: an unquoted `off` is a boolean there. */
export function loadManifests(dir: string = KUBERNETES_DIR): Manifest[] {
  const manifests: Manifest[] = [];
  for (const path of yamlFiles(dir)) {
    const file = relative(REPO_ROOT, path);
    parseAllDocuments(readFileSync(path, 'utf8'), { version: '1.1' }).forEach((document, index) => {
      if (document.errors.length > 0) throw new Error(`${file} document ${index + 1}: ${document.errors.map((e) => e.message).join('; ')}`);
      const object: unknown = document.toJS();
      if (object === null || object === undefined) return;
      if (typeof object !== 'object' || Array.isArray(object)) throw new Error(`${file} document ${index + 1} is not a mapping`);
      manifests.push({ file, index, object: object as KubeObject });
    });
  }
  return manifests;
}

function yamlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((entry) => {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) return yamlFiles(path);
      return /\.ya?ml$/.test(entry.name) ? [path] : [];
    });
}

/** `deploy/kubernetes/gateway.yaml document 3 (HorizontalPodAutoscaler gateway)`. */
export function describeManifest(manifest: Manifest): string {
  return `${manifest.file} document ${manifest.index + 1} (${String(manifest.object.kind)} ${String(manifest.object.metadata?.name ?? '<no name>')})`;
}

/**
 * Each document against the API type of its apiVersion and kind in the pinned Kubernetes
 * version: a field the type does not have, a required field missing, a value of the wrong
 * type, an apiVersion or kind that does not exist. Each problem names the file, the
 * document and the path of the field (JSON Pointer).
 */
export function manifestSchemaProblems(manifests: Manifest[]): string[] {
  // Loaded only here: the TypeScript compiler is large, and most specs never check a manifest.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const ts = require('typescript') as typeof TypeScript;
  const version = kubernetesApiVersion();
  const problems: string[] = [];
  const sources = new Map<string, { manifest: Manifest; text: string; ranges: Range[]; bodyStart: number }>();
  manifests.forEach((manifest, n) => {
    const { apiVersion, kind, metadata } = manifest.object;
    if (typeof apiVersion !== 'string' || typeof kind !== 'string') {
      problems.push(`${describeManifest(manifest)}: apiVersion and kind must be set`);
      return;
    }
    if (typeof metadata?.name !== 'string' || metadata.name === '') problems.push(`${describeManifest(manifest)}: /metadata/name must be set`);
    const header = `import type { ${kind} as T } from '${typesModule(apiVersion)}';\nexport const value: T = `;
    const literal = { text: '', ranges: [] as Range[] };
    writeLiteral(manifest.object, '', literal, header.length);
    sources.set(join(KUBERNETES_DIR, `.schema-check/document-${n}.ts`), { manifest, text: `${header}${literal.text};\n`, ranges: literal.ranges, bodyStart: header.length });
  });

  const options: TypeScript.CompilerOptions = {
    strict: true,
    noEmit: true,
    types: [],
    lib: ['lib.es2020.d.ts'],
    skipLibCheck: true,
    target: ts.ScriptTarget.ES2020,
    module: ts.ModuleKind.CommonJS,
    moduleResolution: ts.ModuleResolutionKind.Node10,
  };
  const host = ts.createCompilerHost(options, true);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (name, language, ...rest) => {
    const virtual = sources.get(name);
    if (virtual) return ts.createSourceFile(name, virtual.text, language);
    // The standard library and kubernetes-types never change within a run: parse them once.
    const cached = parsedFiles.get(name) ?? getSourceFile(name, language, ...rest);
    if (cached) parsedFiles.set(name, cached);
    return cached;
  };
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (name) => sources.has(name) || fileExists(name);
  const readFile = host.readFile.bind(host);
  host.readFile = (name) => sources.get(name)?.text ?? readFile(name);
  const program = ts.createProgram([...sources.keys()], options, host);

  for (const diagnostic of ts.getPreEmitDiagnostics(program)) {
    const source = diagnostic.file ? sources.get(diagnostic.file.fileName) : undefined;
    // The type TypeScript inferred for a literal is noise next to the field's path: keep the type it must have.
    const message = ts
      .flattenDiagnosticMessageText(diagnostic.messageText, ' ')
      .replace(/\s+/g, ' ')
      .replace(/ in type '\{.*\}' but required in/, ' but required in');
    if (!source) {
      problems.push(`Kubernetes ${version} API types: ${message}`);
      continue;
    }
    const at = diagnostic.start ?? 0;
    if (at < source.bodyStart) {
      const { apiVersion, kind } = source.manifest.object;
      problems.push(`${describeManifest(source.manifest)}: Kubernetes ${version} has no kind ${String(kind)} in ${String(apiVersion)} (${message})`);
      continue;
    }
    problems.push(`${describeManifest(source.manifest)}: ${pathAt(source.ranges, at) || '/'}: ${message}`);
  }
  return problems;
}

const parsedFiles = new Map<string, TypeScript.SourceFile>();

/** `kubernetes-types/<group>/<version>`: `v1` is the core group, `rbac.authorization.k8s.io/v1` is `rbac/v1`. */
function typesModule(apiVersion: string): string {
  const parts = apiVersion.split('/');
  const [group, version] = parts.length === 1 ? ['core', parts[0]!] : [parts[0]!.split('.')[0]!, parts[1]!];
  return `kubernetes-types/${group}/${version}`;
}

interface Range {
  start: number;
  end: number;
  path: string;
}

/** A TypeScript literal of the value, one property per line, remembering where each field is. */
function writeLiteral(value: unknown, path: string, out: { text: string; ranges: Range[] }, offset: number): void {
  if (Array.isArray(value)) {
    out.text += '[\n';
    value.forEach((item, i) => {
      const start = offset + out.text.length;
      writeLiteral(item, `${path}/${i}`, out, offset);
      out.ranges.push({ start, end: offset + out.text.length, path: `${path}/${i}` });
      out.text += ',\n';
    });
    out.text += ']';
  } else if (value !== null && typeof value === 'object') {
    out.text += '{\n';
    for (const [key, item] of Object.entries(value)) {
      const start = offset + out.text.length;
      const child = `${path}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`;
      out.text += `${JSON.stringify(key)}: `;
      writeLiteral(item, child, out, offset);
      out.ranges.push({ start, end: offset + out.text.length, path: child });
      out.text += ',\n';
    }
    out.text += '}';
  } else {
    out.text += value === undefined ? 'undefined' : JSON.stringify(value);
  }
}

/** The innermost field whose text holds the position. */
function pathAt(ranges: Range[], at: number): string {
  let best: Range | undefined;
  for (const range of ranges) {
    if (range.start <= at && at < range.end && (!best || range.end - range.start < best.end - best.start)) best = range;
  }
  return best?.path ?? '';
}

// --- Reading workloads ---------------------------------------------------------------

export function findManifest(manifests: Manifest[], kind: string, name: string): Manifest | undefined {
  return manifests.find((m) => m.object.kind === kind && m.object.metadata?.name === name);
}

export interface ContainerSpec {
  name: string;
  image?: string;
  command?: string[];
  args?: string[];
  ports?: { name?: string; containerPort: number }[];
  env?: { name: string; value?: string; valueFrom?: { configMapKeyRef?: KeyRef; secretKeyRef?: KeyRef; fieldRef?: unknown; resourceFieldRef?: unknown } }[];
  envFrom?: { prefix?: string; configMapRef?: { name: string; optional?: boolean }; secretRef?: { name: string; optional?: boolean } }[];
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  securityContext?: { allowPrivilegeEscalation?: boolean; readOnlyRootFilesystem?: boolean; runAsNonRoot?: boolean; capabilities?: { drop?: string[]; add?: string[] } };
  livenessProbe?: Probe;
  readinessProbe?: Probe;
  startupProbe?: Probe;
  lifecycle?: { preStop?: { sleep?: { seconds: number }; exec?: unknown; httpGet?: unknown } };
  volumeMounts?: { name: string; mountPath: string; readOnly?: boolean }[];
}

export interface KeyRef {
  name: string;
  key: string;
  optional?: boolean;
}

export interface Probe {
  httpGet?: { path?: string; port: number | string };
  exec?: unknown;
  tcpSocket?: unknown;
  grpc?: unknown;
}

export interface PodSpec {
  containers: ContainerSpec[];
  terminationGracePeriodSeconds?: number;
  securityContext?: { runAsNonRoot?: boolean; runAsUser?: number };
  automountServiceAccountToken?: boolean;
  volumes?: { name: string; emptyDir?: { sizeLimit?: string; medium?: string }; [source: string]: unknown }[];
}

export interface PodTemplate {
  metadata?: { labels?: Record<string, string> };
  spec: PodSpec;
}

/** The pod template of a Deployment, StatefulSet, DaemonSet or Job. */
export function podTemplateOf(manifest: Manifest): PodTemplate {
  const spec = manifest.object['spec'] as { template?: PodTemplate } | undefined;
  if (!spec?.template) throw new Error(`${describeManifest(manifest)} has no pod template`);
  return spec.template;
}

/** The port number a probe or Service `targetPort` names (a number, or a container port's name). */
export function containerPortNumber(container: ContainerSpec, port: number | string | undefined): number | undefined {
  if (typeof port === 'number') return port;
  return container.ports?.find((p) => p.name === port)?.containerPort;
}

export interface ContainerEnvironment {
  env: Record<string, string>;
  /** Names set from a Secret (whose values are the template's placeholders, or `secretValues`). */
  fromSecrets: string[];
  problems: string[];
}

/**
 * The environment a container gets: `envFrom` ConfigMaps and Secrets in order, then `env`
 * (plain values, ConfigMap and Secret keys). ConfigMaps and Secrets are looked up among
 * the manifests (the Secret is its template, whose placeholders `secretValues` replaces).
 * A variable set twice, a reference to a missing ConfigMap, Secret or key, and a kind of
 * source the check cannot read are problems.
 */
export function containerEnvironment(manifests: Manifest[], container: ContainerSpec, secretValues: Environment = {}): ContainerEnvironment {
  const env: Record<string, string> = {};
  const fromSecrets: string[] = [];
  const problems: string[] = [];
  const data = (kind: 'ConfigMap' | 'Secret', name: string): Record<string, string> | undefined => {
    const manifest = findManifest(manifests, kind, name);
    if (!manifest) return undefined;
    const values = { ...(manifest.object['data'] as Record<string, string> | undefined), ...(manifest.object['stringData'] as Record<string, string> | undefined) };
    if (kind === 'Secret') for (const key of Object.keys(values)) values[key] = secretValues[key] ?? values[key]!;
    return values;
  };
  const set = (name: string, value: string, source: string, secret: boolean): void => {
    if (name in env) problems.push(`${container.name}: ${name} is set twice (again from ${source})`);
    env[name] = value;
    if (secret) fromSecrets.push(name);
  };
  for (const from of container.envFrom ?? []) {
    const [kind, ref] = from.configMapRef ? (['ConfigMap', from.configMapRef] as const) : from.secretRef ? (['Secret', from.secretRef] as const) : [undefined, undefined];
    if (!kind || !ref) {
      problems.push(`${container.name}: an envFrom entry names neither a ConfigMap nor a Secret`);
      continue;
    }
    const values = data(kind, ref.name);
    if (!values) {
      if (!ref.optional) problems.push(`${container.name}: envFrom ${kind} ${ref.name} is not among the manifests`);
      continue;
    }
    for (const [key, value] of Object.entries(values)) set(`${from.prefix ?? ''}${key}`, value, `${kind} ${ref.name}`, kind === 'Secret');
  }
  for (const variable of container.env ?? []) {
    if (variable.value !== undefined || !variable.valueFrom) {
      set(variable.name, variable.value ?? '', 'env', false);
      continue;
    }
    const { configMapKeyRef, secretKeyRef } = variable.valueFrom;
    const [kind, ref] = configMapKeyRef ? (['ConfigMap', configMapKeyRef] as const) : secretKeyRef ? (['Secret', secretKeyRef] as const) : [undefined, undefined];
    if (!kind || !ref) {
      problems.push(`${container.name}: ${variable.name} comes from a field or resource reference, which the check cannot follow`);
      continue;
    }
    const value = data(kind, ref.name)?.[ref.key];
    if (value === undefined) {
      if (!ref.optional) problems.push(`${container.name}: ${variable.name} refers to ${kind} ${ref.name} key ${ref.key}, which is not among the manifests`);
      continue;
    }
    set(variable.name, value, `${kind} ${ref.name}`, kind === 'Secret');
  }
  return { env, fromSecrets, problems };
}

/** Variables the OpenTelemetry SDK reads by itself (libs/platform/src/tracing), not a config class. */
export const TRACING_VARIABLE = /^OTEL_/;

export interface WorkloadExpectation {
  /** The Deployment's name, the app's folder (apps/<app>) and its container's name. */
  app: string;
  hostVariable: string;
  portVariable: string;
  internalHostVariable: string;
  internalPortVariable: string;
  /**
   * The public path the readiness probe calls: `/health/ready` (every dependency answers),
   * or `/health/live` for a service that must stay in its Service while a shared dependency
   * is away (every replica would fail the same check at once).
   */
  readinessPath: '/health/ready' | '/health/live';
  /** Seconds SHUTDOWN_TIMEOUT_SECONDS means when not set (ServiceConfig's default). */
  defaultShutdownSeconds: number;
  /** Further container ports: port name → how the app's environment gives its number. */
  extraPorts?: Record<string, (env: Record<string, string>) => number | undefined>;
}

const IMAGE_TAG_COMMENT = /^#\s+docker build -f (\S+) -t (\S+) \.$/m;

/** The image name an app's Dockerfile documents (`docker build -f apps/<app>/Dockerfile -t <image> .`). */
export function dockerfileImage(app: string): string | undefined {
  const match = IMAGE_TAG_COMMENT.exec(readFileSync(join(REPO_ROOT, 'apps', app, 'Dockerfile'), 'utf8'));
  return match && match[1] === `apps/${app}/Dockerfile` ? match[2] : undefined;
}

/** The version images are tagged with: package.json's. */
export function releaseVersion(): string {
  return (JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
}

/**
 * The wiring of an app's Deployment that the app's code decides: image, ports, probes on
 * the endpoints the app serves, a non-root read-only container, resources, a grace period
 * longer than the app's shutdown, a PodDisruptionBudget, and for a Deployment behind a
 * Service the preStop pause and target ports that exist.
 */
export function workloadProblems(manifests: Manifest[], env: Record<string, string>, expected: WorkloadExpectation): string[] {
  const { app } = expected;
  const deployment = findManifest(manifests, 'Deployment', app);
  if (!deployment) return [`no Deployment ${app}`];
  const problems: string[] = [];
  const template = podTemplateOf(deployment);
  const container = template.spec.containers.find((c) => c.name === app);
  if (!container || template.spec.containers.length !== 1) return [`${app}: the pod must have exactly one container, named ${app}`];

  const image = dockerfileImage(app);
  if (!image) problems.push(`${app}: apps/${app}/Dockerfile does not say which image it builds (docker build -f apps/${app}/Dockerfile -t <image> .)`);
  else if (container.image !== `${image}:${releaseVersion()}`) problems.push(`${app}: image is ${String(container.image)}, expected ${image}:${releaseVersion()} (the Dockerfile's image, package.json's version)`);
  if (container.command || container.args) problems.push(`${app}: overrides the image's command; the Dockerfile's CMD carries the app's Node flags (apps/${app}/src/node-flags)`);

  for (const variable of [expected.hostVariable, expected.internalHostVariable]) {
    if (env[variable] !== '0.0.0.0') problems.push(`${app}: ${variable} is ${JSON.stringify(env[variable])}; in a pod it must be 0.0.0.0 for the kubelet and the Service to reach it`);
  }
  const portOf = (variable: string): number | undefined => (env[variable] ? Number(env[variable]) : undefined);
  const ports: Record<string, number | undefined> = { http: portOf(expected.portVariable), internal: portOf(expected.internalPortVariable) };
  for (const [name, read] of Object.entries(expected.extraPorts ?? {})) ports[name] = read(env);
  const declared = Object.fromEntries((container.ports ?? []).map((p) => [p.name ?? String(p.containerPort), p.containerPort]));
  if (JSON.stringify(Object.entries(declared).sort()) !== JSON.stringify(Object.entries(ports).sort())) {
    problems.push(`${app}: container ports are ${JSON.stringify(declared)}, the app listens on ${JSON.stringify(ports)}`);
  }

  const probe = (kind: 'readinessProbe' | 'livenessProbe' | 'startupProbe', path: string, port: number | undefined): void => {
    const http = container[kind]?.httpGet;
    if (!http) problems.push(`${app}: no ${kind} with httpGet`);
    else if (http.path !== path || containerPortNumber(container, http.port) !== port) {
      problems.push(`${app}: ${kind} calls ${String(http.path)} on port ${String(containerPortNumber(container, http.port) ?? http.port)}, expected ${path} on ${String(port)}`);
    }
  };
  // Readiness on the public port (what a Service routes to); liveness on the internal listener, never queued behind traffic.
  probe('readinessProbe', expected.readinessPath, ports['http']);
  probe('livenessProbe', '/health/live', ports['internal']);
  probe('startupProbe', '/health/live', ports['internal']);

  const pod = template.spec.securityContext;
  if (pod?.runAsNonRoot !== true || !pod.runAsUser) problems.push(`${app}: the pod must set runAsNonRoot and a numeric non-root runAsUser (the image's user is named, which the kubelet cannot check)`);
  const security = container.securityContext;
  if (security?.allowPrivilegeEscalation !== false) problems.push(`${app}: allowPrivilegeEscalation must be false`);
  if (security?.readOnlyRootFilesystem !== true) problems.push(`${app}: readOnlyRootFilesystem must be true`);
  if (!security?.capabilities?.drop?.includes('ALL') || (security.capabilities.add ?? []).length > 0) problems.push(`${app}: capabilities must drop ALL and add none`);
  if (template.spec.automountServiceAccountToken !== false) problems.push(`${app}: the app never calls the Kubernetes API; automountServiceAccountToken must be false`);
  for (const kind of ['requests', 'limits'] as const) {
    for (const resource of ['cpu', 'memory']) if (!container.resources?.[kind]?.[resource]) problems.push(`${app}: resources.${kind}.${resource} is not set`);
  }

  const services = manifests.filter((m) => m.object.kind === 'Service' && selects(m.object['spec'], template.metadata?.labels));
  const preStop = container.lifecycle?.preStop?.sleep?.seconds ?? 0;
  if (services.length > 0 && preStop < 1) problems.push(`${app}: behind a Service, it needs a preStop sleep so endpoints drop it before SIGTERM`);
  const shutdown = env['SHUTDOWN_TIMEOUT_SECONDS'] ? Number(env['SHUTDOWN_TIMEOUT_SECONDS']) : expected.defaultShutdownSeconds;
  const grace = template.spec.terminationGracePeriodSeconds ?? 30;
  if (grace <= preStop + shutdown) problems.push(`${app}: terminationGracePeriodSeconds ${grace} must exceed the preStop pause (${preStop} s) plus SHUTDOWN_TIMEOUT_SECONDS (${shutdown} s)`);
  for (const service of services) {
    for (const port of (service.object['spec'] as { ports?: { name?: string; port: number; targetPort?: number | string }[] }).ports ?? []) {
      const target = containerPortNumber(container, port.targetPort ?? port.port);
      if (target === undefined) problems.push(`${describeManifest(service)}: port ${port.port} targets ${String(port.targetPort)}, which ${app} does not declare`);
      else if (target !== port.port) problems.push(`${describeManifest(service)}: port ${port.port} forwards to ${target}; keep them equal so addresses read the same inside and outside the pod`);
    }
  }

  if (!manifests.some((m) => m.object.kind === 'PodDisruptionBudget' && selects(m.object['spec'], template.metadata?.labels))) problems.push(`${app}: no PodDisruptionBudget selects its pods`);
  const selector = (deployment.object['spec'] as { selector?: { matchLabels?: Record<string, string> } }).selector;
  if (!selects({ selector: selector?.matchLabels }, template.metadata?.labels)) problems.push(`${app}: the Deployment's selector does not match its pod labels`);
  return problems;
}

/** True when a Service's `selector` (or a PodDisruptionBudget's `selector.matchLabels`) picks pods with these labels. */
export function selects(spec: unknown, labels: Record<string, string> | undefined): boolean {
  const raw = (spec as { selector?: Record<string, unknown> } | undefined)?.selector;
  const wanted = (raw && typeof raw['matchLabels'] === 'object' ? raw['matchLabels'] : raw) as Record<string, string> | undefined;
  if (!wanted || Object.keys(wanted).length === 0) return false;
  return Object.entries(wanted).every(([key, value]) => labels?.[key] === value);
}

/** `host:port` of every port of every Service: addresses of Model Garden that are never upstreams. */
export function serviceEndpoints(manifests: Manifest[]): string[] {
  return manifests
    .filter((m) => m.object.kind === 'Service')
    .flatMap((m) => ((m.object['spec'] as { ports?: { port: number }[] }).ports ?? []).map((p) => `${String(m.object.metadata?.name)}:${p.port}`))
    .sort();
}
