import { Injectable } from '@nestjs/common';
import {
  type CapabilityMatrix,
  type DeploymentConfig,
  type DeploymentHealth,
  describeRegions,
  type FieldError,
  PRIVATE_MODEL_PROVIDER,
  type Region,
  regionAllowed,
  type ResolvedModelRef,
  type VariantHealthIssue,
  type VariantInput,
  type VariantView,
} from '@model-garden/contracts';
import { type EntityManager } from 'typeorm';
import { PublicCatalogue } from '../catalogue/public-catalogue.service';
import { PublicModelSettingsRepository } from '../catalogue/public-model-settings.repository';
import { type ModelEntity } from '../models/model.entity';
import { ModelRepository, type WorkspaceScope } from '../models/model.repository';
import { RegistryException } from '../shared/registry.exception';

/** A model as deployments see it: enough to check a variant and to show its health. */
export interface DeploymentModel extends ResolvedModelRef {
  status: string;
  statusMessage: string | null;
  capabilities: CapabilityMatrix;
  region: Region;
}

/** Who publishes: the workspace, and the regions the publishing key may use (null: every region). */
export type PublishScope = WorkspaceScope & { allowedRegions?: readonly Region[] | null };

const SERVING = new Set(['active', 'degraded']);

/**
 * Finds the models a deployment names (a private model of the workspace by id, key or
 * ref, or a public `provider/model`) and applies the publish checks: the model and
 * every fallback exist, are chat or completion models, agree on the type, and have
 * not been found (by validation) to lack a capability the variant needs.
 */
@Injectable()
export class DeploymentModels {
  constructor(
    private readonly models: ModelRepository,
    private readonly catalogue: PublicCatalogue,
    private readonly settings: PublicModelSettingsRepository,
  ) {}

  async find(scope: WorkspaceScope, reference: string, manager?: EntityManager): Promise<DeploymentModel | null> {
    const publicModel = this.catalogue.find(reference);
    if (publicModel) {
      const view = this.catalogue.toView(publicModel, await this.settings.isEnabled(scope.workspaceId, publicModel.ref), await this.settings.hasAccess(scope.workspaceId));
      return {
        id: view.ref,
        ref: view.ref,
        owner: 'public',
        type: view.type,
        provider: view.provider,
        status: view.status,
        statusMessage: view.statusMessage,
        capabilities: view.validation?.capabilities ?? {},
        region: view.region,
      };
    }
    // Inside a publish, hold the row (FOR SHARE) so the model cannot be deleted before the version commits.
    const model = await this.models.findInWorkspace(scope, reference, manager, manager !== undefined ? 'share' : false);
    return model ? this.fromEntity(model, scope.workspaceSlug) : null;
  }

  private fromEntity(model: ModelEntity, slug: string): DeploymentModel {
    return {
      id: model.id,
      ref: `${slug}@${PRIVATE_MODEL_PROVIDER}/${model.key}`,
      owner: 'private',
      type: model.type,
      provider: PRIVATE_MODEL_PROVIDER,
      status: model.status,
      statusMessage: model.statusMessage,
      capabilities: model.validation?.capabilities ?? {},
      region: model.region,
    };
  }

  /**
   * Resolves and checks every variant's model and fallbacks; the variants as a version
   * stores them (models pinned by id) and the private model ids they use, or a 422
   * naming each refused variant, model and reason (a model outside the publishing key's
   * allowedRegions included, naming its region).
   */
  async check(scope: PublishScope, variants: readonly VariantInput[], manager?: EntityManager): Promise<{ views: VariantView[]; modelIds: string[] }> {
    const problems: FieldError[] = [];
    const views: VariantView[] = [];
    const modelIds = new Set<string>();
    for (const [index, variant] of variants.entries()) {
      const path = `variants[${index}]`;
      const primary = await this.find(scope, variant.model, manager);
      const primaryProblem = primary === null ? missing(variant.model) : (regionProblem(primary, scope.allowedRegions) ?? modelProblem(primary, variant));
      if (primaryProblem) problems.push({ field: `${path}.model`, message: `Variant "${variant.key}": model "${variant.model}" ${primaryProblem}` });
      const fallbacks: Array<{ model: ResolvedModelRef }> = [];
      for (const [f, fallback] of (variant.fallbacks ?? []).entries()) {
        const model = await this.find(scope, fallback.model, manager);
        let problem = model === null ? missing(fallback.model) : (regionProblem(model, scope.allowedRegions) ?? modelProblem(model, variant));
        if (!problem && model && primary && model.type !== primary.type) problem = `is ${article(model.type)} ${model.type} model but the variant's model is ${article(primary.type)} ${primary.type} model; a fallback must be of the same type.`;
        if (!problem && model && primary && model.id === primary.id) problem = 'is the variant’s own model; a fallback must be another model.';
        if (problem) problems.push({ field: `${path}.fallbacks[${f}].model`, message: `Variant "${variant.key}": fallback model "${fallback.model}" ${problem}` });
        if (model) {
          fallbacks.push({ model: pin(model) });
          if (model.owner === 'private') modelIds.add(model.id);
        }
      }
      if (primary) {
        if (primary.owner === 'private') modelIds.add(primary.id);
        views.push({
          key: variant.key,
          model: pin(primary),
          messages: variant.messages,
          variables: variant.variables ?? [],
          parameters: variant.parameters ?? {},
          retry: variant.retry ?? null,
          fallbacks,
          timeout: variant.timeout ?? null,
        });
      }
    }
    if (problems.length > 0) throw RegistryException.notPublishable(problems);
    return { views, modelIds: [...modelIds] };
  }

  /** The health of configurations: which variants' models (or fallbacks) do not serve, and why. */
  async health(scope: WorkspaceScope, configs: readonly DeploymentConfig[]): Promise<DeploymentHealth[]> {
    const privateIds = new Set<string>();
    for (const config of configs) {
      for (const variant of config.variants) {
        for (const model of [variant.model, ...variant.fallbacks.map((f) => f.model)]) if (model.owner === 'private') privateIds.add(model.id);
      }
    }
    const rows = await this.models.findManyInWorkspace(scope.workspaceId, [...privateIds]);
    const current = new Map<string, DeploymentModel>(rows.map((row) => [row.id, this.fromEntity(row, scope.workspaceSlug)]));
    const enabled = new Map<string, boolean>();
    const stateOf = async (pinned: ResolvedModelRef): Promise<{ status: string; reason: string | null }> => {
      if (pinned.owner === 'private') {
        const model = current.get(pinned.id);
        return model ? { status: model.status, reason: model.statusMessage } : { status: 'missing', reason: 'The model no longer exists.' };
      }
      const publicModel = this.catalogue.find(pinned.id);
      if (!publicModel) return { status: 'missing', reason: 'The model is no longer in the public catalogue.' };
      if (!enabled.has(pinned.id)) enabled.set(pinned.id, await this.settings.isEnabled(scope.workspaceId, pinned.id));
      const status = this.catalogue.statusOf(publicModel, enabled.get(pinned.id)!, await this.settings.hasAccess(scope.workspaceId));
      return { status: status.status, reason: status.statusMessage };
    };
    const out: DeploymentHealth[] = [];
    for (const config of configs) {
      const issues: VariantHealthIssue[] = [];
      let failing = false;
      for (const variant of config.variants) {
        let serves = false;
        const candidates: Array<{ model: ResolvedModelRef; role: 'model' | 'fallback' }> = [
          { model: variant.model, role: 'model' },
          ...variant.fallbacks.map((f) => ({ model: f.model, role: 'fallback' as const })),
        ];
        for (const { model, role } of candidates) {
          const state = await stateOf(model);
          if (SERVING.has(state.status)) serves = true;
          if (state.status !== 'active') {
            issues.push({ variant: variant.key, model: model.ref, role, status: state.status, reason: state.reason ?? describeStatus(state.status) });
          }
        }
        if (!serves) failing = true;
      }
      out.push({ status: failing ? 'failing' : issues.length > 0 ? 'degraded' : 'healthy', issues });
    }
    return out;
  }
}

function describeStatus(status: string): string {
  switch (status) {
    case 'validating':
      return 'The model is being validated.';
    case 'degraded':
      return 'The last health check found the model degraded.';
    case 'failed':
      return 'The model failed validation.';
    default:
      return `The model is ${status}.`;
  }
}

function article(word: string): string {
  return /^[aeiou]/.test(word) ? 'an' : 'a';
}

function pin(model: DeploymentModel): ResolvedModelRef {
  return { id: model.id, ref: model.ref, owner: model.owner, type: model.type, provider: model.provider };
}

function missing(reference: string): string {
  return `does not exist in this workspace${reference.includes('/') ? ' nor in the public catalogue' : ''}; use the id, key or ref of one of its models (GET /v1/models).`;
}

/** Why a model outside the allowed regions cannot be published, naming its region and the allowed ones. */
function regionProblem(model: DeploymentModel, allowed: readonly Region[] | null | undefined): string | undefined {
  if (regionAllowed(model.region, allowed)) return undefined;
  return `is in region "${model.region}", outside the regions this API key may use (${describeRegions(allowed ?? [])}); use a model in an allowed region, or widen allowedRegions in the workspace settings (region_not_allowed).`;
}

function hasImagePart(variant: VariantInput): boolean {
  return variant.messages.some((message) => Array.isArray(message.content) && message.content.some((part) => part.type === 'image_url'));
}

/** Why a model cannot serve a variant, or undefined. Only capabilities validation found missing (`false`) refuse. */
function modelProblem(model: DeploymentModel, variant: VariantInput): string | undefined {
  if (model.type !== 'chat' && model.type !== 'completion') {
    return `is ${article(model.type)} ${model.type} model; a deployment variant needs a chat or completion model.`;
  }
  const parameters = variant.parameters ?? {};
  const tools = (parameters.tools ?? []).length > 0;
  const jsonSchema = parameters.responseFormat?.type === 'json_schema';
  const vision = hasImagePart(variant);
  if (model.type === 'completion') {
    if (tools) return 'is a completion model, which takes no tools; remove parameters.tools or use a chat model.';
    if (parameters.responseFormat !== undefined && parameters.responseFormat.type !== 'text') return 'is a completion model, which takes no response format; remove parameters.responseFormat or use a chat model.';
    if (vision) return 'is a completion model, which takes no image parts; remove them or use a chat model.';
    if (variant.messages.some((m) => m.role === 'assistant')) return 'is a completion model: its template is one prompt, so assistant messages have no place in it; use a chat model.';
  }
  const caps = model.capabilities;
  if (tools && caps.functionCalling === false) return 'lacks function calling (tools): its validation found it missing. Remove parameters.tools or use another model.';
  if (jsonSchema && caps.structuredOutput === false) return 'lacks structured output (json_schema): its validation found it missing. Use json_object or another model.';
  if (vision && caps.vision === false) return 'lacks vision (image parts): its validation found it missing. Remove the image parts or use another model.';
  if (caps.streaming === false) return 'lacks streaming: its validation found it missing, and every deployment can be called with /v2/deployments/stream. Use another model.';
  return undefined;
}
