import { type ModelType, type UsageRecordedData } from '@model-garden/contracts';

export type InferenceEndpoint = UsageRecordedData['endpoint'];

/** One OpenAI endpoint the gateway serves: its route, the model type behind it, and what its body must hold. */
export interface EndpointSpec {
  endpoint: InferenceEndpoint;
  route: string;
  modelType: ModelType;
  /** Whether `stream: true` is possible. */
  streams: boolean;
  /** The body field that must be present (the SDK always sends it). */
  requiredField: string;
  /** Fields that carry the output token limit, in the order they are read. */
  tokenLimitFields: readonly string[];
}

export const CHAT_COMPLETIONS: EndpointSpec = {
  endpoint: 'chat.completions',
  route: '/v1/chat/completions',
  modelType: 'chat',
  streams: true,
  requiredField: 'messages',
  tokenLimitFields: ['max_completion_tokens', 'max_tokens'],
};

export const COMPLETIONS: EndpointSpec = {
  endpoint: 'completions',
  route: '/v1/completions',
  modelType: 'completion',
  streams: true,
  requiredField: 'prompt',
  tokenLimitFields: ['max_tokens'],
};

export const EMBEDDINGS: EndpointSpec = {
  endpoint: 'embeddings',
  route: '/v1/embeddings',
  modelType: 'embedding',
  streams: false,
  requiredField: 'input',
  tokenLimitFields: [],
};

export const IMAGE_GENERATIONS: EndpointSpec = {
  endpoint: 'images.generations',
  route: '/v1/images/generations',
  modelType: 'image',
  streams: false,
  requiredField: 'prompt',
  tokenLimitFields: [],
};

export const INFERENCE_ENDPOINTS: readonly EndpointSpec[] = [CHAT_COMPLETIONS, COMPLETIONS, EMBEDDINGS, IMAGE_GENERATIONS];

/** The route that serves a model type, for messages that point the caller to it. */
export function routeForModelType(type: string): string | undefined {
  return INFERENCE_ENDPOINTS.find((spec) => spec.modelType === type)?.route;
}
