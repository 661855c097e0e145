import { type CapabilityMatrix, type ModelType, MODEL_TYPES } from '@model-garden/contracts';

/**
 * Everything a model can be tested for. A check's `name` is the capability (or
 * `connectivity`, `authentication`, `model`), so the names people read in the
 * registry are exactly these strings.
 */
export const CAPABILITIES = [
  'chat',
  'chat.streaming',
  'chat.stream_usage',
  'chat.tools',
  'chat.structured_output',
  'chat.vision',
  'completion',
  'embedding',
  'image',
] as const;

export type Capability = (typeof CAPABILITIES)[number];

/** The HTTP endpoints of an OpenAI-compatible API that Model Garden calls. */
export const ENDPOINTS = ['chat.completions', 'completions', 'embeddings', 'images.generations', 'models'] as const;
export type Endpoint = (typeof ENDPOINTS)[number];

export class UnknownCapabilityError extends Error {
  constructor(readonly capability: string) {
    super(`Unknown capability "${capability}". Known capabilities: ${CAPABILITIES.join(', ')}.`);
    this.name = 'UnknownCapabilityError';
  }
}

export class UnknownModelTypeError extends Error {
  constructor(readonly modelType: string) {
    super(`Unknown model type "${modelType}". Known types: ${MODEL_TYPES.join(', ')}.`);
    this.name = 'UnknownModelTypeError';
  }
}

export function isCapability(value: string): value is Capability {
  return (CAPABILITIES as readonly string[]).includes(value);
}

/** Narrows a string to a capability, or throws: an unknown capability is a programming error, never silently ignored. */
export function parseCapability(value: string): Capability {
  if (!isCapability(value)) throw new UnknownCapabilityError(value);
  return value;
}

export function parseModelType(value: string): ModelType {
  if (!(MODEL_TYPES as readonly string[]).includes(value)) throw new UnknownModelTypeError(value);
  return value as ModelType;
}

/** The capability that must work for a model of this type to be `active`. */
export const PRIMARY_CAPABILITY: Readonly<Record<ModelType, Capability>> = {
  chat: 'chat',
  completion: 'completion',
  embedding: 'embedding',
  image: 'image',
};

/** Every capability tested for a type, primary first. The others are optional: a failure is a warning. */
export const CAPABILITIES_BY_TYPE: Readonly<Record<ModelType, readonly Capability[]>> = {
  chat: ['chat', 'chat.streaming', 'chat.stream_usage', 'chat.tools', 'chat.structured_output', 'chat.vision'],
  completion: ['completion'],
  embedding: ['embedding'],
  image: ['image'],
};

/** The endpoint that serves a capability. */
export function capabilityEndpoint(capability: Capability): Exclude<Endpoint, 'models'> {
  switch (capability) {
    case 'chat':
    case 'chat.streaming':
    case 'chat.stream_usage':
    case 'chat.tools':
    case 'chat.structured_output':
    case 'chat.vision':
      return 'chat.completions';
    case 'completion':
      return 'completions';
    case 'embedding':
      return 'embeddings';
    case 'image':
      return 'images.generations';
    default:
      return unknownCapability(capability);
  }
}

/** The key of the capability matrix a capability's outcome is recorded under. */
export function matrixKey(capability: Capability): keyof CapabilityMatrix {
  switch (capability) {
    case 'chat':
      return 'chat';
    case 'chat.streaming':
      return 'streaming';
    case 'chat.stream_usage':
      return 'streamUsage';
    case 'chat.tools':
      return 'functionCalling';
    case 'chat.structured_output':
      return 'structuredOutput';
    case 'chat.vision':
      return 'vision';
    case 'completion':
      return 'completion';
    case 'embedding':
      return 'embedding';
    case 'image':
      return 'imageGeneration';
    default:
      return unknownCapability(capability);
  }
}

/** Exhaustiveness guard for switches over capabilities: compile error when a case is missing, loud error at run time. */
export function unknownCapability(capability: never): never {
  throw new UnknownCapabilityError(String(capability));
}
