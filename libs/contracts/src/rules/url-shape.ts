/**
 * The checks of a user-supplied URL that need no DNS and no server settings: it
 * parses as an absolute URL (WHATWG rules, as `fetch` and undici read it), uses
 * http(s), carries no user info and, when asked, no query or fragment. The outbound
 * guard of `@model-garden/platform` runs these first and then checks the address;
 * forms run them as the person types.
 *
 * Messages never repeat the URL itself (it may carry a password or a key in its query).
 */

export type UrlShapeFailureCode = 'invalid_url' | 'unsupported_scheme' | 'userinfo_not_allowed' | 'query_not_allowed' | 'fragment_not_allowed' | 'endpoint_path_not_allowed';

export interface UrlShapeOptions {
  /** How messages name the URL (default "The URL"; the registry uses "The base URL"). */
  readonly label?: string;
  /** Refuse a query string (`?…`, even empty). */
  readonly rejectQuery?: boolean;
  /** Refuse a fragment (`#…`, even empty). */
  readonly rejectFragment?: boolean;
  /**
   * Refuse a path that ends in one of these API endpoint paths (`/chat/completions`, ...):
   * a base URL is the prefix they are appended to. The message names the base URL to use.
   */
  readonly rejectEndpointPaths?: readonly string[];
}

/** The endpoint paths an OpenAI-compatible client appends to a base URL (longest first, so `/chat/completions` wins over `/completions`). */
export const OPENAI_ENDPOINT_SUFFIXES = ['/images/generations', '/chat/completions', '/completions', '/embeddings', '/models'] as const;

/**
 * The base URL to use instead of one that ends in an endpoint path: the same URL with
 * that path cut off (`https://api.example.com/v1/chat/completions` gives
 * `https://api.example.com/v1`), or null when the path ends in none of them.
 */
export function baseUrlWithoutEndpoint(url: URL, suffixes: readonly string[] = OPENAI_ENDPOINT_SUFFIXES): { baseUrl: string; endpoint: string } | null {
  const path = url.pathname.replace(/\/+$/, '');
  const endpoint = suffixes.find((suffix) => path.toLowerCase().endsWith(suffix));
  if (endpoint === undefined) return null;
  const base = new URL(url.href);
  base.pathname = path.slice(0, path.length - endpoint.length) || '/';
  base.search = '';
  base.hash = '';
  const text = base.href;
  return { baseUrl: base.pathname === '/' ? text.replace(/\/$/, '') : text, endpoint };
}

export type UrlShape = { readonly ok: true; readonly url: URL; /** Lower-case host without brackets or trailing dot. */ readonly hostname: string } | { readonly ok: false; readonly code: UrlShapeFailureCode; readonly message: string };

const fail = (code: UrlShapeFailureCode, message: string): UrlShape => ({ ok: false, code, message });

/** A host as compared and classified: lower case, without IPv6 brackets or the root's trailing dot. */
export function bareHostname(hostname: string): string {
  let host = hostname.trim().toLowerCase();
  if (host.startsWith('[') && host.endsWith(']')) host = host.slice(1, -1);
  if (host.endsWith('.')) host = host.slice(0, -1);
  return host;
}

/** Trims `raw`, parses it and refuses what no endpoint URL may carry. */
export function checkUrlShape(raw: unknown, options: UrlShapeOptions = {}): UrlShape {
  const label = options.label ?? 'The URL';
  const text = typeof raw === 'string' ? raw.trim() : '';
  if (text === '') return fail('invalid_url', `${label} is empty. Write the full address, for example https://api.example.com/v1.`);
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return fail('invalid_url', `${label} is not a valid absolute URL. Write the full address with its scheme, for example https://api.example.com/v1.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return fail('unsupported_scheme', `${label} uses the "${url.protocol.slice(0, 32)}" scheme. Model Garden only calls http:// and https:// endpoints.`);
  }
  if (url.username !== '' || url.password !== '') {
    return fail(
      'userinfo_not_allowed',
      `${label} contains a user name or password before the host (the part before "@"). Remove it: Model Garden sends the API key in the Authorization header, never in the URL.`,
    );
  }
  // The serialization keeps "?" and "#" even when empty; userinfo is gone, and the path
  // cannot contain either unescaped, so their presence in href is the query/fragment.
  const hashIndex = url.href.indexOf('#');
  const beforeHash = hashIndex === -1 ? url.href : url.href.slice(0, hashIndex);
  if (options.rejectQuery && beforeHash.includes('?')) {
    return fail(
      'query_not_allowed',
      `${label} has a query string (the part after "?"). Remove it: API paths such as /chat/completions are appended to the base URL, so a query would end up in the wrong place.`,
    );
  }
  if (options.rejectFragment && hashIndex !== -1) {
    return fail('fragment_not_allowed', `${label} has a fragment (the part after "#"). Remove it: fragments are never sent to the server, so it is at best a copy-paste mistake.`);
  }
  const hostname = bareHostname(url.hostname);
  if (hostname === '') return fail('invalid_url', `${label} has no host. Write the full address, for example https://api.example.com/v1.`);
  if (options.rejectEndpointPaths) {
    const cut = baseUrlWithoutEndpoint(url, options.rejectEndpointPaths);
    if (cut !== null) {
      // No user info, query or fragment got this far, so the URL is safe to repeat.
      return fail(
        'endpoint_path_not_allowed',
        `${label} ends in the endpoint path ${cut.endpoint}, which Model Garden appends itself. Use ${cut.baseUrl} instead.`,
      );
    }
  }
  return { ok: true, url, hostname };
}
