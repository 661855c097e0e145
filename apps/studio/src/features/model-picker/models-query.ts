import type { ModelType, ModelView } from '@model-garden/contracts/browser';
import { queryOptions } from '@tanstack/react-query';
import { type RegistryClient, listAllModels } from '../../api/registry-client';
import { capabilityRows } from '../../lib/validation-stages';

/** Every model the workspace can pick: its private models and the public catalogue. */
export const allModelsQuery = (client: RegistryClient) =>
  queryOptions({ queryKey: ['models', 'all'] as const, queryFn: ({ signal }) => listAllModels(client, {}, signal) });

export interface PickerOption {
  ref: string;
  label: string;
  model: ModelView;
  /** Why choosing it is unwise or impossible now; null when it can serve. */
  warning: string | null;
}

export interface PickerGroups {
  private: PickerOption[];
  public: PickerOption[];
}

/** A short line of what a model can do, from its validated capability matrix. */
export function capabilitySummary(model: ModelView): string {
  const yes = capabilityRows(model.type, model.validation?.capabilities)
    .filter((row) => row.supported === true)
    .map((row) => row.label.toLowerCase());
  return yes.length > 0 ? yes.join(', ') : 'not validated';
}

function warningOf(model: ModelView): string | null {
  switch (model.status) {
    case 'active':
      return model.enabled ? null : 'not enabled for this workspace';
    case 'degraded':
      return `degraded${model.statusMessage ? `: ${model.statusMessage}` : ''}`;
    case 'failed':
      return `failed${model.statusMessage ? `: ${model.statusMessage}` : ''}`;
    case 'validating':
      return 'still validating';
    case 'unavailable':
      return `unavailable${model.statusMessage ? `: ${model.statusMessage}` : ''}`;
  }
}

/**
 * The picker's choices: the models of the given types, private ones first (they are
 * why the workspace is here), each group sorted by name, each with what stands in its way.
 */
export function pickerGroups(models: readonly ModelView[], types: readonly ModelType[]): PickerGroups {
  const options = models
    .filter((m) => types.includes(m.type))
    .map<PickerOption>((model) => ({ ref: model.ref, label: model.name || model.key, model, warning: warningOf(model) }))
    .sort((a, b) => a.label.localeCompare(b.label));
  return { private: options.filter((o) => o.model.owner === 'private'), public: options.filter((o) => o.model.owner === 'public') };
}

/** Finds the model a stored reference names (a ref, or a private model's bare key). */
export function findModel(models: readonly ModelView[], reference: string): ModelView | undefined {
  return models.find((m) => m.ref === reference) ?? models.find((m) => m.owner === 'private' && m.key === reference);
}
