import { type ModelChangedData, type ModelPricing, type ModelView, PRIVATE_MODEL_PROVIDER } from '@model-garden/contracts';
import { type ModelEntity } from './model.entity';

export function privateModelRef(workspaceSlug: string, key: string): string {
  return `${workspaceSlug}@${PRIVATE_MODEL_PROVIDER}/${key}`;
}

export function pricingOf(model: ModelEntity): ModelPricing | null {
  const pricing: ModelPricing = {};
  if (model.priceInputPerMillion !== null) pricing.inputPerMillionTokens = model.priceInputPerMillion;
  if (model.priceOutputPerMillion !== null) pricing.outputPerMillionTokens = model.priceOutputPerMillion;
  if (model.pricePerImage !== null) pricing.perImage = model.pricePerImage;
  return Object.keys(pricing).length > 0 ? pricing : null;
}

/** The model as responses show it: the provider key only as its hint. */
export function toModelView(model: ModelEntity, workspaceSlug: string): ModelView {
  return {
    id: model.id,
    ref: privateModelRef(workspaceSlug, model.key),
    key: model.key,
    owner: 'private',
    provider: PRIVATE_MODEL_PROVIDER,
    name: model.name,
    description: model.description,
    type: model.type,
    baseUrl: model.baseUrl,
    modelId: model.upstreamModelId,
    region: model.region,
    maxTokens: model.maxTokens,
    temperature: model.temperature,
    pricing: pricingOf(model),
    apiKeyHint: model.apiKeyHint,
    status: model.status,
    statusMessage: model.statusMessage,
    enabled: true,
    revision: model.revision,
    validation: model.validation,
    // Progress of an earlier revision says nothing about this one.
    progress: model.validationProgress !== null && model.validationProgress.revision === model.revision ? model.validationProgress : null,
    createdAt: new Date(model.createdAt).toISOString(),
    updatedAt: new Date(model.updatedAt).toISOString(),
  };
}

/** Payload of ModelAdded / ModelUpdated / ModelValidationRequested: never the key. */
export function modelChangedData(model: ModelEntity, changed?: string[]): ModelChangedData {
  return {
    modelId: model.id,
    workspaceId: model.workspaceId,
    revision: model.revision,
    type: model.type,
    baseUrl: model.baseUrl,
    upstreamModelId: model.upstreamModelId,
    ...(changed ? { changed } : {}),
  };
}
