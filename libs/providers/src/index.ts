/**
 * Provider adapters (an OpenAI-compatible base plus one folder per provider's quirks)
 * and the validation probes built on them. No NestJS here: the validator and the
 * gateway wrap it. Every upstream call goes through a dispatcher the caller passes
 * in (the outbound guard's agent).
 */
export * from './core/capability';
export * from './core/openai-shapes';
export * from './core/provider-adapter';
export * from './core/upstream-failure';
export { httpCall, httpStream, describeTarget, type HttpCall, type HttpResponse, type StreamResponse, type HttpOutcome } from './transport/http-call';
export { SseParser } from './transport/sse';
export { OpenAiCompatibleAdapter, OPENAI_COMPATIBLE_FEATURES, OPENAI_ENDPOINT_PATHS, openAiCompatibleAdapter, type OpenAiCompatibleOptions } from './open-ai-base';
export { readProviderError, scrubProviderMessage } from './open-ai-base';
export { GroqAdapter, groqAdapter } from './groq';
export { MistralAdapter, mistralAdapter } from './mistral';
export { OpenAiAdapter, openAiAdapter } from './openai';
export { TogetherAdapter, togetherAdapter } from './together';
export { PROVIDER_ADAPTERS, GENERIC_ADAPTER, adapterForBaseUrl, adapterById } from './adapters';
export * from './probes';
