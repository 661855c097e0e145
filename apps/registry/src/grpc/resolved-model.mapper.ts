import { PRIVATE_MODEL_PROVIDER, type ResolvedModel } from '@model-garden/contracts';
import { type PublicModel } from '../catalogue/public-catalogue.definitions';
import { type PublicCatalogue } from '../catalogue/public-catalogue.service';
import { type ModelEntity } from '../models/model.entity';
import { pricingOf, privateModelRef } from '../models/model.mapper';

/** A private model for a platform service, with its decrypted provider key. */
export function resolvedPrivateModel(model: ModelEntity, workspaceSlug: string, apiKey: string): ResolvedModel {
  return {
    id: model.id,
    workspaceId: model.workspaceId,
    ref: privateModelRef(workspaceSlug, model.key),
    key: model.key,
    owner: 'private',
    provider: PRIVATE_MODEL_PROVIDER,
    type: model.type,
    baseUrl: model.baseUrl,
    upstreamModelId: model.upstreamModelId,
    status: model.status,
    revision: model.revision,
    ...(model.maxTokens !== null ? { maxTokens: model.maxTokens } : {}),
    ...(model.temperature !== null ? { temperature: model.temperature } : {}),
    pricing: pricingOf(model) ?? {},
    capabilities: model.validation?.capabilities ?? {},
    apiKey,
    statusMessage: model.statusMessage ?? '',
    name: model.name,
    region: model.region,
  };
}

/** A public model for a platform service: the platform's credential when it is usable, else `unavailable` and no key. */
export function resolvedPublicModel(model: PublicModel, workspaceId: string, enabled: boolean, access: boolean, catalogue: PublicCatalogue): ResolvedModel {
  const { status, statusMessage } = catalogue.statusOf(model, enabled, access);
  return {
    id: model.ref,
    workspaceId,
    ref: model.ref,
    key: model.model.key,
    owner: 'public',
    provider: model.provider.id,
    type: model.model.type,
    baseUrl: model.provider.baseUrl,
    upstreamModelId: model.model.modelId,
    status,
    revision: 1,
    ...(model.model.maxTokens !== undefined ? { maxTokens: model.model.maxTokens } : {}),
    pricing: { ...model.model.pricing },
    capabilities: { ...model.model.capabilities },
    apiKey: status === 'active' ? (catalogue.credential(model) ?? '') : '',
    statusMessage: statusMessage ?? '',
    name: model.model.name,
    region: model.provider.region,
  };
}
