import { type ResolvedModel } from '@model-garden/contracts';
import { ServingModel } from '../src/catalogue/serving-model';

export const PROVIDER_KEY = 'sk-provider-secret-0123456789abcdef';

export function resolvedModel(overrides: Partial<ResolvedModel> = {}): ResolvedModel {
  return {
    id: 'model-1',
    workspaceId: 'ws-1',
    ref: 'demo@openailike/chat',
    key: 'chat',
    owner: 'private',
    type: 'chat',
    baseUrl: 'https://llm.example.com/v1',
    upstreamModelId: 'upstream-chat',
    status: 'active',
    revision: 1,
    pricing: {},
    capabilities: {},
    apiKey: PROVIDER_KEY,
    statusMessage: '',
    name: 'Chat',
    region: 'us',
    provider: 'openailike',
    ...overrides,
  };
}

export function servingModel(overrides: Partial<ResolvedModel> = {}): ServingModel {
  return new ServingModel(resolvedModel(overrides));
}
