/**
 * Settings the server may give the studio at run time (`config.json` beside
 * index.html): the gateway's public URL for the copy-ready snippets. Without it the
 * studio assumes the gateway on this host at its default port.
 */
export interface StudioConfig {
  /** The gateway's OpenAI-compatible base URL, ending in `/v1`. */
  gatewayUrl: string;
}

export const DEFAULT_GATEWAY_PORT = 3002;

export function defaultConfig(location: { protocol: string; hostname: string }): StudioConfig {
  return { gatewayUrl: `${location.protocol}//${location.hostname}:${DEFAULT_GATEWAY_PORT}/v1` };
}

/** Reads `config.json`; any failure keeps the defaults (the file is optional). */
export async function loadStudioConfig(fetchImpl: typeof fetch, location: { protocol: string; hostname: string }): Promise<StudioConfig> {
  const fallback = defaultConfig(location);
  try {
    const response = await fetchImpl('./config.json', { headers: { accept: 'application/json' } });
    if (!response.ok) return fallback;
    const body = (await response.json()) as Partial<StudioConfig>;
    const gatewayUrl = typeof body.gatewayUrl === 'string' && /^https?:\/\//.test(body.gatewayUrl) ? body.gatewayUrl.replace(/\/+$/, '') : fallback.gatewayUrl;
    return { gatewayUrl };
  } catch {
    return fallback;
  }
}
