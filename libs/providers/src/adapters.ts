import { type ProviderAdapter } from './core/provider-adapter';
import { groqAdapter } from './groq';
import { mistralAdapter } from './mistral';
import { openAiCompatibleAdapter } from './open-ai-base';
import { openAiAdapter } from './openai';
import { togetherAdapter } from './together';

/**
 * The provider adapters, chosen by the base URL's host. Adding a provider is one
 * folder (adapter + fixture tests) and one entry here; anything unknown is served by
 * the generic OpenAI-compatible adapter.
 */
export const PROVIDER_ADAPTERS: readonly ProviderAdapter[] = [openAiAdapter, groqAdapter, togetherAdapter, mistralAdapter];

export const GENERIC_ADAPTER: ProviderAdapter = openAiCompatibleAdapter;

function hostOf(baseUrl: string): string | undefined {
  try {
    return new URL(baseUrl).hostname.toLowerCase().replace(/\.$/, '');
  } catch {
    return undefined;
  }
}

/** The adapter whose host is the base URL's host or a parent domain of it; the generic adapter otherwise. */
export function adapterForBaseUrl(baseUrl: string, adapters: readonly ProviderAdapter[] = PROVIDER_ADAPTERS): ProviderAdapter {
  const host = hostOf(baseUrl);
  if (host === undefined) return GENERIC_ADAPTER;
  return adapters.find((adapter) => adapter.hosts.some((candidate) => host === candidate || host.endsWith(`.${candidate}`))) ?? GENERIC_ADAPTER;
}

export function adapterById(id: string): ProviderAdapter | undefined {
  return id === GENERIC_ADAPTER.id ? GENERIC_ADAPTER : PROVIDER_ADAPTERS.find((adapter) => adapter.id === id);
}
