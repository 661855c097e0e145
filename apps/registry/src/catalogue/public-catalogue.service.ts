import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Injectable } from '@nestjs/common';
import { type ListedModelStatus, type ModelView } from '@model-garden/contracts';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { RegistryConfig } from '../config/registry.config';
import { flattenValidationErrors } from '@model-garden/platform';
import { PublicCatalogueFile, type PublicModel } from './public-catalogue.definitions';

export const PUBLIC_CATALOGUE_PATH = join(__dirname, 'public-models.json');

/** Loads and checks the catalogue file; a mistake in it stops the registry at boot, naming the field. */
export function loadPublicCatalogue(path = PUBLIC_CATALOGUE_PATH): PublicCatalogueFile {
  const file = plainToInstance(PublicCatalogueFile, JSON.parse(readFileSync(path, 'utf8')) as unknown);
  const errors = flattenValidationErrors(validateSync(file, { forbidUnknownValues: true }));
  if (errors.length > 0) throw new Error(`${path} is invalid: ${errors.map((e) => `${e.field}: ${e.message}`).join('; ')}`);
  const refs = new Set<string>();
  for (const provider of file.providers) {
    for (const model of provider.models) {
      const ref = `${provider.id}/${model.key}`;
      if (refs.has(ref)) throw new Error(`${path} lists ${ref} twice`);
      refs.add(ref);
    }
  }
  return file;
}

/**
 * The public catalogue: models of public OpenAI-compatible providers at their
 * published prices, with the platform's credentials from the environment. A
 * provider without credentials has its models listed as unavailable.
 */
@Injectable()
export class PublicCatalogue {
  private readonly file: PublicCatalogueFile;
  private readonly models: PublicModel[];
  private readonly byRef: Map<string, PublicModel>;

  constructor(private readonly config: RegistryConfig) {
    this.file = loadPublicCatalogue();
    this.models = this.file.providers.flatMap((provider) => provider.models.map((model) => ({ ref: `${provider.id}/${model.key}`, provider, model })));
    this.models.sort((a, b) => a.ref.localeCompare(b.ref));
    this.byRef = new Map(this.models.map((m) => [m.ref, m]));
  }

  /** Every public model, sorted by ref. */
  all(): readonly PublicModel[] {
    return this.models;
  }

  find(ref: string): PublicModel | undefined {
    return this.byRef.get(ref);
  }

  /** The platform key for the model's provider; never leaves the registry except over gRPC. */
  credential(model: PublicModel): string | undefined {
    const value = this.config[model.provider.credentialEnv];
    return value && value.trim() !== '' ? value : undefined;
  }

  isAvailable(model: PublicModel): boolean {
    return this.credential(model) !== undefined;
  }

  /** `access`: the operator lets the workspace use public models (PUBLIC_MODELS_ACCESS_DEFAULT or its own setting). */
  statusOf(model: PublicModel, enabled: boolean, access: boolean): { status: ListedModelStatus; statusMessage: string | null } {
    if (!access) {
      return { status: 'unavailable', statusMessage: "The operator has not given this workspace access to public models (they use the operator's provider keys); ask an operator." };
    }
    if (!this.isAvailable(model)) {
      return { status: 'unavailable', statusMessage: `No platform credentials for ${model.provider.name}: the operator must set ${model.provider.credentialEnv}.` };
    }
    if (!enabled) return { status: 'unavailable', statusMessage: 'Disabled in this workspace; enable it with PATCH /v1/catalogue/{provider}/{key}.' };
    return { status: 'active', statusMessage: null };
  }

  toView(model: PublicModel, enabled: boolean, access: boolean): ModelView {
    const { status, statusMessage } = this.statusOf(model, enabled, access);
    const { provider, model: definition } = model;
    const checkedAt = new Date(`${this.file.pricesCheckedAt}T00:00:00.000Z`).toISOString();
    return {
      id: model.ref,
      ref: model.ref,
      key: definition.key,
      owner: 'public',
      provider: provider.id,
      name: definition.name,
      description: definition.description ?? null,
      type: definition.type,
      baseUrl: provider.baseUrl,
      modelId: definition.modelId,
      region: provider.region,
      maxTokens: definition.maxTokens ?? null,
      temperature: null,
      pricing: { ...definition.pricing },
      apiKeyHint: null,
      status,
      statusMessage,
      enabled,
      revision: 1,
      validation: { checks: [], capabilities: { ...definition.capabilities }, validatedAt: null },
      progress: null,
      createdAt: checkedAt,
      updatedAt: checkedAt,
    };
  }
}
