import { compileTemplate, type ResponseCacheSetting, type CompiledTemplate, type DeploymentConfig, type DeploymentRouting, type ResolvedDeployment, type VariantView } from '@model-garden/contracts';

export interface ServingVariant {
  view: VariantView;
  template: CompiledTemplate;
}

/**
 * A deployment's current version ready to serve: its configuration parsed once and
 * every variant's template compiled once per cache load, so a call only routes and
 * fills in values.
 */
export class ServingDeployment {
  readonly id: string;
  readonly workspaceId: string;
  readonly key: string;
  readonly description: string;
  readonly version: number;
  readonly createdAtMs: number;
  readonly updatedAtMs: number;
  readonly routing: DeploymentRouting;
  readonly variants: ReadonlyMap<string, ServingVariant>;
  /** The version's exact-match cache setting; null: its calls are not cached. */
  readonly cache: ResponseCacheSetting | null;

  constructor(resolved: ResolvedDeployment) {
    this.id = resolved.id;
    this.workspaceId = resolved.workspaceId;
    this.key = resolved.key;
    this.description = resolved.description ?? '';
    this.version = resolved.version;
    this.createdAtMs = resolved.createdAtMs;
    this.updatedAtMs = resolved.updatedAtMs;
    const config = JSON.parse(resolved.configJson) as DeploymentConfig;
    this.routing = config.routing;
    this.cache = config.cache ?? null;
    this.variants = new Map(config.variants.map((view) => [view.key, { view, template: compileTemplate(view.messages, view.variables) }]));
  }

  variant(key: string): ServingVariant {
    const variant = this.variants.get(key);
    if (variant === undefined) throw new Error(`deployment ${this.key} v${this.version} routes to an unknown variant ${key}`);
    return variant;
  }
}
